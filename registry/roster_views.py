from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("TODO")


roster_import = _stub
roster_export = _stub
roster_template = _stub
