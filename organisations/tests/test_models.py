"""Organisations form short trees (ministry > regional office > unit): at most three levels,
never a cycle; the subtree query used by every regional scope finds exactly the tree below."""

import pytest
from django.core.exceptions import ValidationError

from organisations.constants import MAX_DEPTH, OrganisationKind
from organisations.factories import OrganisationFactory
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def chain(depth: int, label: str = "") -> list[Organisation]:
    orgs, parent = [], None
    for level in range(depth):
        parent = OrganisationFactory(name=f"Tingkat {level}{label}", parent=parent)
        orgs.append(parent)
    return orgs


def test_a_chain_of_three_levels_is_allowed():
    top, middle, unit = chain(MAX_DEPTH)
    unit.full_clean()
    assert unit.parent.parent == top


def test_a_fourth_level_is_refused_with_a_field_error():
    *_, unit = chain(MAX_DEPTH)
    fourth = Organisation(
        name="Terlalu dalam",
        kind=OrganisationKind.VILLAGE_COOPERATIVE,
        province=unit.province,
        parent=unit,
    )
    with pytest.raises(ValidationError) as error:
        fourth.full_clean()
    assert "parent" in error.value.message_dict


def test_moving_a_subtree_under_a_unit_may_not_make_it_too_deep():
    top, middle, _unit = chain(MAX_DEPTH)
    other = OrganisationFactory(name="Induk lain")
    middle.parent = other
    middle.full_clean()  # other > middle > unit: three levels, fine
    deep_parent = chain(2, label=" lain")[-1]
    top.parent = deep_parent  # would make five levels
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict


def test_an_organisation_cannot_be_its_own_ancestor():
    top, middle, unit = chain(MAX_DEPTH)
    top.parent = unit
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict
    top.parent = top
    with pytest.raises(ValidationError):
        top.full_clean()


def test_subtree_is_the_organisation_and_everything_under_it():
    top, middle, unit = chain(MAX_DEPTH)
    sibling = OrganisationFactory(name="Saudara", parent=top)
    outsider = OrganisationFactory(name="Luar")
    assert set(Organisation.objects.subtree(middle)) == {middle, unit}
    assert set(Organisation.objects.subtree(top)) == {top, middle, unit, sibling}
    assert outsider not in Organisation.objects.subtree(top)
