from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from wagtail import hooks

from accounts import api as accounts
from courses import api as courses
from programmes import api as programmes

PER_PAGE = 20


def home_panels(hook_name, request):
    """The panels other apps add to a role home, in their ``order``.

    An app registers ``@hooks.register("portal_trainee_panels")`` (or
    ``"portal_facilitator_panels"``) in its ``wagtail_hooks.py``: a function of the request that
    returns a ``wagtail.admin.ui.components.Component`` (with an ``order``, default 100) or None
    when it has nothing to show. The same pattern as Wagtail's ``construct_homepage_panels``;
    portal never imports the apps' views for it.
    """
    panels = [panel for fn in hooks.get_hooks(hook_name) if (panel := fn(request)) is not None]
    return sorted(panels, key=lambda panel: getattr(panel, "order", 100))


@login_required
def my_home(request):
    """Each role's home: the admin for staff and editors, "Beranda saya" for trainees, and the
    facilitator's own cohorts."""
    user = request.user
    if user.is_superuser or user.role in accounts.ADMIN_ROLES:
        return redirect("wagtailadmin_home")
    if user.role == accounts.Role.FACILITATOR:
        page = Paginator(programmes.facilitator_waves(facilitator=user), PER_PAGE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "portal/facilitator_home.html",
            {"page_obj": page, "panels": home_panels("portal_facilitator_panels", request)},
        )
    page = Paginator(programmes.participant_enrolments(participant=user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    course_progress = courses.learner_progress(user=user)
    next_up = next((p for p in course_progress if p.next_lesson and p.done), None) or next(
        (p for p in course_progress if p.next_lesson), None
    )
    return render(
        request,
        "portal/trainee_home.html",
        {
            "page_obj": page,
            "course_progress": course_progress,
            "next_up": next_up,
            "panels": home_panels("portal_trainee_panels", request),
        },
    )
