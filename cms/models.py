from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class ProgrammeBlock(blocks.StructBlock):
    """One kind of training the site offers (magang, Bimtek, pendampingan) on the home page."""

    title = blocks.CharBlock(label=_("nama program"), max_length=80)
    text = blocks.TextBlock(label=_("penjelasan singkat"), max_length=400)

    class Meta:
        label = _("program")
        icon = "group"


class HomePage(Page):
    """The public front page: what the programmes are, where the catalogue is, whom to contact,
    and the way in for participants. Editors change every part of it in the admin."""

    intro = models.CharField(_("pengantar"), max_length=300, blank=True)
    programmes = StreamField(
        [("programme", ProgrammeBlock())],
        verbose_name=_("program pelatihan"),
        blank=True,
        help_text=_("Jenis pelatihan yang ditawarkan, misalnya magang, Bimtek, pendampingan."),
    )
    catalogue_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("halaman katalog kursus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tombol katalog kursus di beranda mengarah ke halaman ini."),
    )
    contact = RichTextField(
        _("kontak"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_(
            "Siapa yang dihubungi untuk pendaftaran dan pertanyaan: unit, telepon, e-mail."
        ),
    )
    body = RichTextField(
        _("isi"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("programmes"),
        FieldPanel("catalogue_page"),
        FieldPanel("contact"),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("halaman beranda")

    def route(self, request, path_components):
        """Apps whose pages sit deep below the home page may resolve a path in one step (the
        ``route_below_home`` hook; courses does, see ``courses.routing``): the site shell
        knows no app. A path no hook claims gets Wagtail's level-by-level routing."""
        for route in hooks.get_hooks("route_below_home"):
            result = route(self, request, path_components)
            if result is not None:
                return result
        return super().route(request, path_components)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("nama penyelenggara"), max_length=200, default="Kementerian Koperasi Republik Indonesia"
    )
    footer_text = models.CharField(_("teks kaki halaman"), max_length=300, blank=True)
    contact_email = models.EmailField(_("e-mail kontak"), blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("pengaturan situs")

    @staticmethod
    def cache_key(site_id: int) -> str:
        return f"cms:site-settings:{site_id}"

    @classmethod
    def cached_for_site(cls, site) -> "SiteSettings":
        """Every page shows these: read them from the cache, not the database, per request."""
        key = cls.cache_key(site.pk)
        settings = cache.get(key)
        if settings is None:
            settings = cls.for_site(site)
            cache.set(key, settings, timeout=3600)
        return settings

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.cache_key(self.site_id))
