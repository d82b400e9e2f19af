import factory

from .constants import OrganisationKind
from .models import Organisation, Province


def province(code: str = "32") -> Province:
    """Provinces are reference data loaded by migration: look them up, never create them."""
    return Province.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Koperasi Desa Merah Putih Uji {n}")
    kind = OrganisationKind.VILLAGE_COOPERATIVE
    province = factory.LazyFunction(lambda: province("32"))
    regency = "Kabupaten Bandung"
