"""A forged id in a multi-select is refused with a Chinese message, never sent to the database."""

import pytest
from django.core.exceptions import ValidationError

from core.pickers import ManyRecordsField
from registry.models import Deputy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("forged", ["999999999999999999999", "abc", "-1", "1.5"])
def test_a_forged_id_is_not_one_of_the_choices(congress, forged):
    field = ManyRecordsField(queryset=Deputy.objects.filter(congress=congress))
    with pytest.raises(ValidationError) as refused:
        field.clean([forged])
    assert "不是可选项" in str(refused.value)


def test_an_offered_id_is_accepted(congress, deputy):
    seat = Deputy.objects.get(user=deputy, congress=congress)
    field = ManyRecordsField(queryset=Deputy.objects.filter(congress=congress))
    assert list(field.clean([str(seat.pk)])) == [seat]
