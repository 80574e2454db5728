"""What accounts tells higher floors about a user's credentials.

`password_changed(sender=User, user=...)` is sent after an existing user's new password is saved, whatever the
door (the portal's password page, a reset link, the admin, `manage.py changepassword`). Django already ends the
user's other sessions then (each session carries a hash of the password); receivers revoke what else the old
password's holder could still use, e.g. the portal rotates the secret calendar address.
"""

from django.dispatch import Signal

password_changed = Signal()
