from wagtail import hooks

from .viewsets import ProgrammeAdminGroup, wave_chooser_viewset


@hooks.register("register_admin_viewset")
def register_programme_admin():
    return [ProgrammeAdminGroup(), wave_chooser_viewset]
