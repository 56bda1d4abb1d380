from gongkai.portal.tests.conftest import axe, axe_violations, browser  # noqa: F401 - browser fixtures
