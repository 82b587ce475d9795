from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher


class RendaArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id tuned for a hall of 3,000 deputies signing in within half an hour on 2 cores.

    OWASP's minimum (19 MiB, 2 passes, 1 lane) costs ~25 ms here instead of the ~230 ms of
    Django's default PBKDF2, so logins never compete with voting for CPU. See docs/performance.md.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """For the random initial passwords of a roster import only (12 characters, about 70 bits).

    A secret that random needs no slow hash to resist guessing, and 4,000 logins created in one
    import must not cost 4,000 Argon2 runs. Django re-hashes with the preferred (Argon2) hasher
    at the first sign-in.
    """

    algorithm = "pbkdf2_initial"
    iterations = 1_000
