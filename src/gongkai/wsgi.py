import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:  # a refused setting: the message, not a traceback
    sys.stderr.write(f"{exc}\n")
    sys.exit(4)  # gunicorn's "application could not be loaded": the server stops
