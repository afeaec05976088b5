"""Password reset by e-mail with Django's own views and tokens; the e-mail goes out from the worker.

Django's PasswordResetForm sends in the request. This form defers a job with the user's id and the site's
address instead; the job makes the token when it runs, so no reset link is ever stored in the job queue.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from factcheck import jobs

SUBJECT = "registration/password_reset_subject.txt"
BODY = "registration/password_reset_email.html"
RESET_JOB = "notifications.send_password_reset"  # the task in notifications.tasks, deferred by name


class DeferredPasswordResetForm(PasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        jobs.by_name(RESET_JOB).defer(
            user_id=context["user"].pk, domain=context["domain"], protocol=context["protocol"]
        )


def password_reset_send(*, user_id: int, domain: str, protocol: str) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "factcheck",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    PasswordResetForm().send_mail(SUBJECT, BODY, context, None, user.email)
    return True
