from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("TODO")


deputy_list = _stub
deputy_create = _stub
deputy_detail = _stub
deputy_update = _stub
deputy_change_status = _stub
my_deputy = _stub
committeemembership_list = _stub
committeemembership_create = _stub
committeemembership_update = _stub
unit_list = _stub
unit_create = _stub
unit_detail = _stub
unit_update = _stub
station_list = _stub
station_create = _stub
station_detail = _stub
station_update = _stub
subdistrict_list = _stub
subdistrict_create = _stub
subdistrict_update = _stub
community_create = _stub
community_update = _stub
delegation_list = _stub
delegation_create = _stub
delegation_update = _stub
constituency_list = _stub
constituency_create = _stub
constituency_update = _stub
term_list = _stub
term_create = _stub
term_update = _stub
