"""E-mail jobs, run by the procrastinate worker; the request that caused a notification only defers them."""

import os

from procrastinate.contrib.django import app

from notifications import password_reset, services


@app.task(queue="notifications", name=services.EMAIL_JOB)
def send_notification_email(notification_id: int):
    services.email_send(notification_id)


@app.periodic(cron=os.environ.get("NOTIFICATION_DIGEST_CRON", "0 7 * * *"))
@app.task(queue="notifications", queueing_lock="notification_digest", name="notifications.send_daily_digests")
def send_daily_digests(timestamp: int):
    services.digests_send()


@app.task(queue="notifications", name=password_reset.RESET_JOB)
def send_password_reset(user_id: int, domain: str, protocol: str):
    password_reset.password_reset_send(user_id=user_id, domain=domain, protocol=protocol)
