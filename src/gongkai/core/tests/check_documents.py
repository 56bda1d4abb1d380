"""Run as ``python -m gongkai.core.tests.check_documents`` in a node's environment: prints, as
JSON, the number of published documents and every document that is not whole (a document without its live
version, publication log entry, search outbox event or audit event: a half-written row)."""

from __future__ import annotations

import json


def main() -> None:
    import django

    django.setup()
    from gongkai.audit.models import AuditEvent
    from gongkai.documents.models import Document, OutboxEvent, PublicationLogEntry, State

    docs = list(Document.objects.values_list("pk", "live_id", "state"))
    logged = set(PublicationLogEntry.objects.values_list("document_id", flat=True))
    queued = set(OutboxEvent.objects.values_list("document_id", flat=True))
    audited = set(
        AuditEvent.objects.filter(object_type="document").values_list("object_id", flat=True)
    )
    published = [(pk, live) for pk, live, state in docs if state == State.PUBLISHED]
    broken = [
        pk
        for pk, live in published
        if live is None or pk not in logged or pk not in queued or str(pk) not in audited
    ] + [pk for pk, _, _ in docs if str(pk) not in audited]
    print(json.dumps({"published": len(published), "broken": broken}))


if __name__ == "__main__":
    main()
