"""Run as ``python -m gongkai.core.tests.publish_batch`` in a node's environment (after
seed_nodes): the fault test of a publish killed inside its transaction (issue 20 item 5).

``seed N``: N more documents, approved and ready to publish (titles 鲲鹏湖巡查通知第i号).
``publish [--pause-at K]``: publishes every approved document in order, each through
``lifecycle.document_publish`` (one transaction each), printing ``published <pk>`` after each
commit; with ``--pause-at K`` the K-th one stops *inside* its transaction, after its version
and its publication-log entry are written and before the rest (attachments, search outbox,
relations, audit) and the commit, prints ``paused <pk>`` and sleeps, for the test to kill it.
No production code knows about this: the pause is a signal receiver connected here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main() -> None:
    import django

    django.setup()
    from django.db.models.signals import post_save

    from gongkai.core.middleware import acting_through
    from gongkai.documents import lifecycle, services
    from gongkai.documents.models import Document, PublicationLogEntry, State
    from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
    from gongkai.org.models import User

    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["seed", "publish"])
    parser.add_argument("n", nargs="?", type=int, default=0)
    parser.add_argument("--pause-at", type=int, default=0)
    args = parser.parse_args()
    clerk = User.objects.get(username="clerk")
    assert clerk.unit is not None
    reviewer = User.objects.get(username="reviewer")

    if args.command == "seed":
        made = []
        for i in range(args.n):
            doc = services.document_create(
                actor=clerk,
                unit=clerk.unit,
                values={
                    **SAMPLE_DOCUMENT,
                    "title": f"鲲鹏湖巡查通知第{i + 1}号",
                    "doc_number": f"测政办发〔2026〕{100 + i}号",
                },
            )
            lifecycle.document_submit(actor=clerk, document=doc)
            lifecycle.document_approve(
                actor=reviewer,
                document=doc,
                disclosure_mode="主动公开",
                confidentiality_checked=True,
            )
            made.append(doc.pk)
        print(json.dumps({"documents": made}))
        return

    ready = list(Document.objects.filter(state=State.APPROVED).order_by("pk"))
    current: list[int] = [0]

    def pause(sender: object, instance: PublicationLogEntry, created: bool, **_: object) -> None:
        if created and current[0] == args.pause_at:
            print(f"paused {instance.document_id}", flush=True)
            time.sleep(600)

    post_save.connect(pause, sender=PublicationLogEntry, weak=False)
    for i, doc in enumerate(ready, start=1):
        current[0] = i
        with acting_through("cli"):
            lifecycle.document_publish(actor=clerk, document=doc)
        print(f"published {doc.pk}", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
