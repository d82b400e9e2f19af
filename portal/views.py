from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accounts import api as accounts
from courses import api as courses
from programmes import api as programmes

PER_PAGE = 20


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
        return render(request, "portal/facilitator_home.html", {"page_obj": page})
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
        {"page_obj": page, "course_progress": course_progress, "next_up": next_up},
    )
