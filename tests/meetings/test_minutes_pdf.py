"""The minutes PDF read back with a PDF text extractor: Persian words in order, the Jalali date, the
resolution table with agencies and deadlines, the draft mark until the chair approves."""

from __future__ import annotations

import pytest

from jahesh.core import jalali
from jahesh.meetings import actions
from jahesh.meetings.minutes import minutes_pdf
from tests.pdf_utils import pdf_images, pdf_text

pytestmark = pytest.mark.django_db


def test_minutes_text_in_order_with_jalali_dates(meeting, world, social, weasyprint, tmp_path):
    sec = world.users["secretariat"]
    session = meeting.session
    actions.set_attendance(
        actor=sec,
        session=session,
        version=session.version,
        rows=[(world.tax, True, True, "مدیرکل امور مالیاتی"), (social, True, False, "")],
    )
    session.refresh_from_db()
    actions.add_agenda_item(
        actor=sec, session=session, version=session.version, kind="topic", title="گزارش اجرای مصوبات"
    )
    session.refresh_from_db()
    pdf, version, draft = minutes_pdf(session)
    assert (version, draft) == (1, True)
    pages = pdf_text(pdf)
    text = "\n".join(pages).replace("\u200c", "")  # the extractor drops zero-width non-joiners
    held = jalali.format_jalali(session.held_on)  # Persian digits, e.g. ۱۴۰۵/۰۹/۱۳
    deadline = jalali.format_jalali(meeting.resolution.deadline)
    assert "صورتجلسه جلسه ۱۴" in text
    assert held in text and deadline in text
    assert "پیشنویس — تأیید نشده" in text
    order = ["حاضران", "مدیرکل امور مالیاتی", "دستور جلسه", "گزارش اجرای مصوبات", "مصوبات", "تقسیط", "امضاها"]
    positions = [text.index(w) for w in order]
    assert positions == sorted(positions), positions
    assert "امور مالیاتی" in text and "تأمین اجتماعی" in text
    assert len(pages) == 1 and "صفحه ۱ از ۱" in text
    for path in pdf_images(pdf, tmp_path, "minutes-draft"):  # looked at: /tmp/minutes-*.png in the report
        assert path.stat().st_size > 10_000

    minutes = actions.approve_minutes(
        actor=world.users["leadership"], session=session, version=session.version
    )
    approved = "\n".join(pdf_text(bytes(minutes.pdf))).replace("\u200c", "")
    assert "تأیید شده توسط leadership" in approved
    assert "پیشنویس" not in approved
    session.refresh_from_db()
    assert minutes_pdf(session) == (bytes(minutes.pdf), 1, False)  # served exactly as stored
