"""Gongkai settings: one module, every value read from the environment.

Development defaults are convenient; ``GONGKAI_ENV=production`` fails closed: it refuses to start
without a secret key, allowed hosts and a real database URL (docs/decisions/0001-foundation.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("GONGKAI_PROJECT_DIR", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", PROJECT_DIR / "var"))
# the search kernel's compiled code (numba, search/kernel.py) is cached on disk; in the var
# directory, which the platform may always write, not beside an installed package that may be
# read-only. Read by numba when it is first imported, which is after the settings.
os.environ.setdefault("NUMBA_CACHE_DIR", str(VAR_DIR / "cache" / "numba"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} 的值“{raw}”无法识别：请写 true 或 false。")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} 的值“{raw}”不是整数。") from exc


# The development keys, printed here and so public: production refuses them (docs/decisions/0007).
DEVELOPMENT_SECRET_KEY = "gongkai-development-only-key-not-for-production-use-000000"  # noqa: S105
DEVELOPMENT_SIGNING_KEY = "00" * 31 + "01"


def secret_key_problem(key: str) -> str:
    """Why ``key`` cannot be production's SECRET_KEY ("" when it can)."""
    if (
        key == DEVELOPMENT_SECRET_KEY
        or "development-only" in key
        or key.startswith("django-insecure")
    ):
        return "GONGKAI_SECRET_KEY 是公开的开发用密钥，请另行生成（至少 50 个字符的随机字符串）"
    if len(key) < 50 or len(set(key)) < 10:
        return "GONGKAI_SECRET_KEY（至少 50 个字符、不少于 10 种字符的随机字符串）"
    return ""


def signing_key_problem(key: str) -> str:
    """Why ``key`` cannot sign production's publication log ("" when it can): 64 hexadecimal
    characters (a 32-byte Ed25519 seed), not the development key, not all one digit or any
    other low-entropy string (a random seed has 14 or more distinct digits)."""
    how = "可用 `gongkai verify --new-key` 生成"
    if not key:
        return f"请设置 GONGKAI_SIGNING_KEY（64 位十六进制的 Ed25519 私钥种子，{how}）"
    if len(key) != 64 or any(c not in "0123456789abcdefABCDEF" for c in key):
        return f"GONGKAI_SIGNING_KEY 应为 64 位十六进制字符（0-9、a-f），{how}"
    if key.lower() == DEVELOPMENT_SIGNING_KEY:
        return f"GONGKAI_SIGNING_KEY 是公开的开发用密钥，{how}"
    if len(set(key.lower())) < 8:
        return f"GONGKAI_SIGNING_KEY 不是随机生成的（只用了 {len(set(key.lower()))} 种字符），{how}"
    return ""


GONGKAI_ENV_SET = bool(env_str("GONGKAI_ENV"))
GONGKAI_ENV = env_str("GONGKAI_ENV", "development")
if GONGKAI_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"GONGKAI_ENV 的值“{GONGKAI_ENV}”无效：请设为 development、test 或 production。"
    )
PRODUCTION = GONGKAI_ENV == "production"

SECRET_KEY = env_str("GONGKAI_SECRET_KEY")
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS")
DATABASE_URL = env_str("DATABASE_URL")

if PRODUCTION:
    missing = []
    if secret_key_problem(SECRET_KEY):
        missing.append(secret_key_problem(SECRET_KEY))
    if not ALLOWED_HOSTS:
        missing.append("GONGKAI_ALLOWED_HOSTS（逗号分隔的域名）")
    if not DATABASE_URL:
        missing.append("DATABASE_URL（例如 postgres://user:pass@host:5432/gongkai）")
    elif DATABASE_URL.startswith("sqlite"):
        missing.append("DATABASE_URL 须指向 PostgreSQL（SQLite 仅用于单机演示与开发）")
    if "*" in ALLOWED_HOSTS:
        missing.append("GONGKAI_ALLOWED_HOSTS 不能包含 *，请逐个写明域名")
    if missing:
        raise ImproperlyConfigured("生产环境拒绝启动，请改正以下设置：" + "；".join(missing))
    DEBUG = env_bool("GONGKAI_DEBUG", False)
    if DEBUG:
        raise ImproperlyConfigured("生产环境不允许开启 GONGKAI_DEBUG。")
else:
    if not GONGKAI_ENV_SET and DATABASE_URL:
        _host = (dj_database_url.parse(DATABASE_URL).get("HOST") or "").strip("[]")
        if _host not in {"", "localhost", "127.0.0.1", "::1"}:
            # A server database without an explicit environment looks like a deployment that
            # forgot GONGKAI_ENV=production: refuse rather than run with DEBUG and a public key.
            raise ImproperlyConfigured(
                f"DATABASE_URL 指向服务器 {_host}，但没有设置 GONGKAI_ENV：生产部署请设置 "
                "GONGKAI_ENV=production；确为开发环境请设置 GONGKAI_ENV=development。"
            )
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "::1", "testserver"]
    DEBUG = env_bool("GONGKAI_DEBUG", GONGKAI_ENV == "development")

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("GONGKAI_SQLITE_PATH", str(VAR_DIR / "gongkai.sqlite3")),
            # keep each worker's connection open between requests: opening one (and running the
            # PRAGMAs below) cost a tenth of a search page's time (bench/search_load.py)
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers run while one writer commits; IMMEDIATE avoids lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# Rate limits and login throttling count in Django's cache. Several web processes
# (`gongkai serve --workers N`) or machines must share those counts, so the cache lives in the
# database, on SQLite and PostgreSQL alike (its table is created by `gongkai migrate`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gongkai_cache",
        # Django culls a third of the keys when the table is full; the login throttle's keys
        # include the typed user name, so a small table would let an attacker flush a victim's
        # counter by failing with many names. Counters expire with their window anyway.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
    # the parts of pages that are the same for every visitor (the public navigation, per
    # language): kept in each process's memory, never shared, nothing personal in it
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-fragments",
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # the API docs page from its own static files (CSP: no script from a CDN)
    "gongkai.core",
    "gongkai.org",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.applications",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.documents",
    "gongkai.search",
    "gongkai.library",
    "gongkai.reports",
    "gongkai.workplans",
    "gongkai.moderation",
    "gongkai.delivery",
    "gongkai.handover",
    "gongkai.catalogue",
    "gongkai.thematic",
    "gongkai.interaction",
    "gongkai.faq",
    "gongkai.backup",
    "gongkai.participation",
    "gongkai.banshi",
    "gongkai.finder",
    "gongkai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "gongkai.core.middleware.DatabaseOutageMiddleware",
    "gongkai.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.core.locale.ChoiceOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["gongkai.formats"]  # how dates read per language (decision 0018)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# uploaded files; several nodes share one directory (NFS or the like): GONGKAI_MEDIA_DIR
MEDIA_ROOT = Path(env_str("GONGKAI_MEDIA_DIR") or VAR_DIR / "media")
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

if GONGKAI_ENV == "test":
    # Tests create many staff users; a fast hasher keeps the suite quick. Never in production.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Upload limits (ground rule 5). GONGKAI_MAX_REQUEST_BYTES: a whole request body (files
# included) over this is refused by RequestSizeLimitMiddleware before it is read; a body
# without Content-Length is never read at all. DATA_UPLOAD_MAX_MEMORY_SIZE covers non-file
# form data.
# Search: result pages kept per web process for repeated searches (0 switches the cache off).
GONGKAI_SEARCH_RESULT_CACHE = env_int("GONGKAI_SEARCH_RESULT_CACHE", 512)

GONGKAI_MAX_REQUEST_BYTES = env_int("GONGKAI_MAX_REQUEST_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("GONGKAI_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("GONGKAI_TRUST_X_FORWARDED_FOR", False):
        # Only behind a reverse proxy that sets these headers itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GONGKAI_LOG_LEVEL", "WARNING")},
}

# --- Gongkai's own settings -------------------------------------------------------------------
GONGKAI_SITE_NAME = env_str("GONGKAI_SITE_NAME", "示范区人民政府信息公开平台")
# The footer every government website carries (国办发〔2017〕47号《政府网站发展指引》): the
# sponsoring organ (主办单位), the 网站标识码 assigned by the State Council's registry, contact.
GONGKAI_SITE_SPONSOR = env_str("GONGKAI_SITE_SPONSOR", "示范区人民政府办公室")
GONGKAI_SITE_ID_CODE = env_str("GONGKAI_SITE_ID_CODE", "3101990001")
GONGKAI_SITE_CONTACT = env_str("GONGKAI_SITE_CONTACT", "021-60001001（工作日 9:00—17:00）")
# Civil Code Art. 201: the day a period starts is not counted. Configurable per the reference §2.
GONGKAI_COUNT_START_DAY = env_bool("GONGKAI_COUNT_START_DAY", False)
# Trust X-Forwarded-For only behind a known proxy (used for the audit log's IP column).
GONGKAI_TRUST_X_FORWARDED_FOR = env_bool("GONGKAI_TRUST_X_FORWARDED_FOR", False)

# --- Proactive disclosure (gongkai.documents) -------------------------------------------------
# 索引号 pattern: fields unit_code, year, seq (reference §1: the pattern must be configurable).
GONGKAI_INDEX_NUMBER_PATTERN = env_str(
    "GONGKAI_INDEX_NUMBER_PATTERN", "{unit_code}/{year}-{seq:05d}"
)
# Ed25519 key signing the publication log: 64 hex characters (the 32-byte private seed).
# Development and tests use a fixed, public key; production refuses to start without one.
GONGKAI_SIGNING_KEY = env_str("GONGKAI_SIGNING_KEY")
if PRODUCTION and signing_key_problem(GONGKAI_SIGNING_KEY):
    raise ImproperlyConfigured(
        "生产环境拒绝启动：" + signing_key_problem(GONGKAI_SIGNING_KEY) + "。"
    )
GONGKAI_SIGNING_KEY = GONGKAI_SIGNING_KEY or DEVELOPMENT_SIGNING_KEY  # development only: public!

# --- Several nodes (issue 20, decision 0011) --------------------------------------------------
# The name this process records in the tick history (TickRun.node, JobLease.holder); default
# "<hostname>:<pid>".
GONGKAI_NODE_NAME = env_str("GONGKAI_NODE_NAME")
# A tick job runs at most once per period across every node (timers on several machines fire
# within the same minute). Tests drive time by calling the tick back to back, so 0 there.
GONGKAI_TICK_PERIOD_SECONDS = env_int(
    "GONGKAI_TICK_PERIOD_SECONDS", 0 if GONGKAI_ENV == "test" else 50
)
# A job's lease while it runs: if its node dies, another node may run it after this long.
GONGKAI_TICK_LEASE_SECONDS = env_int("GONGKAI_TICK_LEASE_SECONDS", 900)

# --- Outbound delivery (gongkai.delivery, issue 20) -------------------------------------------
# E-mail through Django's mail backend: "smtp" (production default; GONGKAI_EMAIL_HOST etc.) or
# "file" (development default: each message a file under var/mail/).
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
_email_backend = env_str("GONGKAI_EMAIL_BACKEND", "smtp" if PRODUCTION else "file")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"GONGKAI_EMAIL_BACKEND 的值“{_email_backend}”无效：请设为 smtp、file 或 console。"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("GONGKAI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("GONGKAI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("GONGKAI_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("GONGKAI_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("GONGKAI_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("GONGKAI_EMAIL_FROM", "gongkai@localhost")
# a failed message is tried again after 1, 2, 4 … times this many seconds (at most 6 hours)
GONGKAI_DELIVERY_RETRY_SECONDS = env_int("GONGKAI_DELIVERY_RETRY_SECONDS", 60)
GONGKAI_DELIVERY_TIMEOUT = env_int("GONGKAI_DELIVERY_TIMEOUT", 15)  # seconds per attempt
GONGKAI_DELIVERY_BATCH = env_int("GONGKAI_DELIVERY_BATCH", 50)  # messages per tick

# --- Data that leaves on schedule (gongkai.handover, issue 20) --------------------------------
# The city platform's endpoint for the monthly filing (HTTP POST of JSON through the outbox);
# empty: not sent. From this day of a month on, the previous month's filing is queued.
GONGKAI_FILING_URL = env_str("GONGKAI_FILING_URL")
GONGKAI_FILING_DAY = env_int("GONGKAI_FILING_DAY", 1)
# The tick writes the previous quarter's archive package to var/archive/ once a quarter has
# ended (off in tests, which switch it on where they test it).
GONGKAI_ARCHIVE_AUTO = env_bool("GONGKAI_ARCHIVE_AUTO", GONGKAI_ENV != "test")

# --- Backups (gongkai.backup, issue 20) ------------------------------------------------------
# Scheduled backups: the tick writes one archive into this directory every N hours and keeps
# the newest K (empty: no scheduled backups; `gongkai backup PATH` works regardless).
GONGKAI_BACKUP_DIR = env_str("GONGKAI_BACKUP_DIR")
GONGKAI_BACKUP_EVERY_HOURS = env_int("GONGKAI_BACKUP_EVERY_HOURS", 24)
GONGKAI_BACKUP_KEEP = env_int("GONGKAI_BACKUP_KEEP", 14)
# --- 政策北斗 and precise push (gongkai.finder, issue 18) -------------------------------------
# The site's public address, for the links in e-mails (confirmation, digests, unsubscribe).
GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL", "http://127.0.0.1:8000")
# The body's own regions (streets, parks) offered as policy tags; "全区" when empty.
GONGKAI_POLICY_REGIONS = [r for r in env_str("GONGKAI_POLICY_REGIONS").split(",") if r.strip()]
