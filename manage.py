#!/usr/bin/env python3
from config.manage import main

if __name__ == "__main__":
    main()
