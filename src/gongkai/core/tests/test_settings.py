"""Production settings fail closed; development defaults are convenient."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GOOD_KEY = "s3cr3t-Gongkai-production-key-0123456789-abcdefghijklmnop"
SIGNING_KEY = "8c8f7c9511dd1c05561da0d8ac51f23cba16739e791103ba63494480b1d73efc"  # a test-only seed


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    clean.update({"GONGKAI_VAR_DIR": str(tmp_path), **env})
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gongkai.settings'; django.setup(); "
        "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, ["GONGKAI_SECRET_KEY", "GONGKAI_ALLOWED_HOSTS", "DATABASE_URL"]),
        ({"GONGKAI_SECRET_KEY": "short"}, ["GONGKAI_SECRET_KEY"]),
        (
            {"GONGKAI_SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://u@h/d"},
            ["GONGKAI_ALLOWED_HOSTS"],
        ),
        (
            {"GONGKAI_SECRET_KEY": GOOD_KEY, "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn"},
            ["DATABASE_URL"],
        ),
        (
            {
                "GONGKAI_SECRET_KEY": GOOD_KEY,
                "GONGKAI_ALLOWED_HOSTS": "*",
                "DATABASE_URL": "postgres://u@h/d",
            },
            ["GONGKAI_ALLOWED_HOSTS 不能包含 *"],
        ),
        (
            {
                "GONGKAI_SECRET_KEY": GOOD_KEY,
                "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn",
                "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
            },
            ["须指向 PostgreSQL"],
        ),
        ({"GONGKAI_SECRET_KEY": "k" * 64}, ["GONGKAI_SECRET_KEY"]),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(tmp_path, env, named):
    result = load_settings(tmp_path, GONGKAI_ENV="production", **env)
    assert result.returncode != 0
    assert "生产环境拒绝启动" in result.stderr
    for name in named:
        assert name in result.stderr


def test_production_starts_with_everything_set_and_debug_off(tmp_path):
    result = load_settings(
        tmp_path,
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY=GOOD_KEY,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        DATABASE_URL="postgres://u:p@db:5432/gongkai",
        GONGKAI_SIGNING_KEY=SIGNING_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_production_refuses_debug(tmp_path):
    result = load_settings(
        tmp_path,
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY=GOOD_KEY,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        DATABASE_URL="postgres://u@h/d",
        GONGKAI_DEBUG="true",
    )
    assert result.returncode != 0
    assert "GONGKAI_DEBUG" in result.stderr


def test_production_passes_djangos_deployment_checks(tmp_path):
    # not this test process's own settings (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE)
    result = _deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_defaults_to_sqlite_with_debug(tmp_path):
    result = load_settings(tmp_path, GONGKAI_ENV="development")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_an_unknown_environment_name_is_refused(tmp_path):
    result = load_settings(tmp_path, GONGKAI_ENV="prod")
    assert result.returncode != 0
    assert "GONGKAI_ENV" in result.stderr


def test_production_refuses_to_start_without_a_signing_key(tmp_path):
    result = load_settings(
        tmp_path,
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY=GOOD_KEY,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        DATABASE_URL="postgres://u@h/d",
    )
    assert result.returncode != 0
    assert "GONGKAI_SIGNING_KEY" in result.stderr


def test_a_server_database_without_an_explicit_environment_is_refused(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL="postgres://u:p@db.example.gov.cn:5432/gk")
    assert result.returncode != 0
    assert "GONGKAI_ENV=production" in result.stderr


def test_a_local_database_without_an_explicit_environment_is_development(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/gk")
    assert result.returncode == 0, result.stderr


def _deploy_check(tmp_path, **keys: str) -> subprocess.CompletedProcess[str]:
    """``gongkai check --deploy`` in a production environment of its own (none of this test
    process's GONGKAI_/DJANGO_ settings), with ``keys`` over the good ones."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY="Zq8-rT2!vLm#4pW9@kX7$nB3^cY6&hJ1*dF5(gS0)aE" * 2,
        GONGKAI_VAR_DIR=str(tmp_path),
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        DATABASE_URL="postgres://u:p@db:5432/gongkai",
        GONGKAI_SIGNING_KEY=SIGNING_KEY,
        DJANGO_SETTINGS_MODULE="gongkai.settings",
    )
    env.update(keys)
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.mark.parametrize(
    ("keys", "says"),
    [
        (
            {"GONGKAI_SECRET_KEY": "gongkai-development-only-key-not-for-production-use-000000"},
            "公开的开发用密钥",
        ),
        ({"GONGKAI_SECRET_KEY": "ab" * 30}, "GONGKAI_SECRET_KEY"),
        ({"GONGKAI_SIGNING_KEY": "00" * 31 + "01"}, "公开的开发用密钥"),
        ({"GONGKAI_SIGNING_KEY": "0" * 64}, "不是随机生成的"),
        ({"GONGKAI_SIGNING_KEY": "z" * 64}, "应为 64 位十六进制字符"),
        ({"GONGKAI_SIGNING_KEY": "0123" * 16}, "不是随机生成的"),
        ({"GONGKAI_SIGNING_KEY": "5f" * 31}, "应为 64 位十六进制字符"),
    ],
)
def test_production_refuses_public_or_weak_keys_in_plain_words(tmp_path, keys, says):
    """Issue 13 finding 4: check --deploy passed with the development keys, 64 zeros, 64 z's."""
    result = _deploy_check(tmp_path, **keys)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "生产环境拒绝启动" in result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_random_signing_key_passes(tmp_path):
    result = _deploy_check(tmp_path, GONGKAI_SIGNING_KEY="9c1f0a7e" * 8)
    assert result.returncode == 0, result.stdout + result.stderr
