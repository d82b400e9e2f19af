from django.core.management.base import BaseCommand

from demo import assessments as assessments_demo
from demo import attendance as attendance_demo
from demo import certificates as certificates_demo
from demo import courses as courses_demo
from demo import programmes as programmes_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again changes nothing) and print logins."

    def handle(self, *args, **options):
        logins = programmes_demo.load(stdout=self.stdout)
        courses_demo.load(stdout=self.stdout)
        attendance_demo.load(stdout=self.stdout)
        assessments_demo.load(stdout=self.stdout)
        certificates_demo.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Data demo siap. Login demo:"))
        width = max(len(u) for u, _p, _r in logins)
        for username, password, role in logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}  ({role})")
