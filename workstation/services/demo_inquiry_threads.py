"""The demo inquiries' threads: how each one ends (its final status) and the plan of its
entries and status changes, as the services would have written them (a part of
demo_inquiries, apart for size)."""

from __future__ import annotations

import random

WAITING = ("asked for the charter number", "asked for a signed request",
           "asked for the fee", "asked for a copy of the rejected document")
DONE_REASONS = {"resolved": "answered", "closed_no_follow_up": "no follow-up needed"}


def final_status(rng: random.Random, n: int, done: bool) -> str:
    """The status an inquiry of ``n`` entries ends in (done or not)."""
    roll = rng.random()
    if done:
        if n == 1:
            return "closed_no_follow_up" if roll < 0.8 else "merged"
        return "resolved" if roll < 0.85 else "closed_no_follow_up" if roll < 0.97 else "merged"
    if n == 1 or roll < 0.25:
        return "new"
    return "open" if roll < 0.45 else "answered" if roll < 0.8 else "waiting_on_customer"


Entries = list[tuple[int, str]]
Changes = list[tuple[int, str, str]]


class _Thread:
    """An inquiry's plan: its entries (offset in business hours, role) and status changes
    (offset, status, reason), in time order.

    Roles: ``ask`` (the inbound entry at arrival), ``note``, ``phone`` (a phone note),
    ``answer`` (outbound by letter or e-mail), ``callback`` (the answer given by phone: a phone
    note, which stops no clock) and ``customer`` (the requester writing again).
    """

    def __init__(self, rng: random.Random, initial: str, final: str, callback: bool):
        self.rng, self.final, self.callback = rng, final, callback
        self.entries: Entries = [(0, "ask")]
        self.changes: Changes = [(0, initial, "received")]
        self.clock = 0
        self.state = initial

    def entry(self, gap: int, role: str) -> None:
        self.clock += gap
        self.entries.append((self.clock, role))
        if role == "answer" and self.state in ("new", "open"):
            self.status(0, "answered", "answer sent")  # inquiry_answers.send
        if role == "customer" and self.state == "waiting_on_customer":
            self.status(0, "open", "the customer replied")  # inquiries.add_note

    def status(self, gap: int, code: str, reason: str) -> None:
        self.clock += gap
        self.changes.append((self.clock, code, reason))
        self.state = code

    def notes(self, count: int) -> None:
        for _ in range(count):
            self.entry(self.rng.randint(0, 4), "note" if self.rng.random() < 0.7 else "phone")

    def chases(self, count: int) -> None:
        for _ in range(count):
            self.entry(self.rng.randint(5, 60), "customer")

    def answer(self, first: bool) -> None:
        if not (self.callback and first):
            # The first answer's delay counts from receipt, the notes before it included.
            gap = max(0, _reply_delay(self.rng) - self.clock) if first else \
                self.rng.randint(1, 30)
            self.entry(gap, "answer")
            return
        self.entry(self.rng.randint(1, 9), "callback")  # phone calls are returned quickly
        if self.final in ("answered", "open", "waiting_on_customer"):
            self.status(0, "answered", "answered by phone")

    def wait(self) -> None:
        self.status(self.rng.randint(0, 2), "waiting_on_customer", self.rng.choice(WAITING))

    def customer_turn(self, left: int) -> int:
        """Waiting on the customer, who writes back (and is answered); entries used."""
        if self.final == "open":
            self.wait()
            self.entry(self.rng.randint(2, 120), "customer")
            return 1
        if self.final == "waiting_on_customer" or left < 1 or self.rng.random() >= 0.3:
            return 0
        self.wait()
        self.entry(self.rng.randint(2, 120), "customer")
        if left < 2:
            return 1
        self.answer(first=False)
        return 2

    def fill(self, left: int) -> None:
        """Follow-up questions with their answers, and notes."""
        while left > 0:
            if self.final != "waiting_on_customer" and left >= 2 and self.rng.random() < 0.4:
                self.entry(self.rng.randint(3, 100), "customer")
                self.answer(first=False)
                left -= 2
            else:
                self.notes(1)
                left -= 1

    def finish(self) -> None:
        if self.final == "waiting_on_customer":
            self.wait()
        elif self.final in DONE_REASONS or self.final == "merged":
            roll = self.rng.random()
            gap = (0 if roll < 0.3 else self.rng.randint(1, 40) if roll < 0.95
                   else self.rng.randint(41, 250))
            self.status(gap, self.final, DONE_REASONS.get(self.final, ""))


def plan_thread(rng: random.Random, n: int, final: str, callback: bool, counter: bool,
          initial: str) -> _Thread:
    """The thread of ``n`` entries of an inquiry ending in ``final``."""
    thread = _Thread(rng, initial, final, callback)
    left = n - 1
    if final == "new":  # nobody has answered yet: the requester may have asked again
        thread.chases(left)
        return thread
    if final == "open" and left < 2:  # looked into, not answered yet
        thread.notes(left)
        thread.status(rng.randint(0, 9), "open", "")
        return thread
    if final in ("closed_no_follow_up", "merged") and left <= 1:
        thread.notes(left)
        at_once = final == "closed_no_follow_up" and counter and not left
        thread.status(0 if at_once else rng.randint(1, 30), final,
                      "answered at the counter, no follow-up" if at_once
                      else "no follow-up needed")
        return thread
    before = rng.randint(0, min(2, left - 1))
    thread.notes(before)
    thread.answer(first=True)
    left -= before + 1
    left -= thread.customer_turn(left)
    thread.fill(left)
    thread.finish()
    return thread


def _reply_delay(rng: random.Random) -> int:
    """Business hours from receipt to the first answer: mostly within the acknowledge target
    (two days), some late for the first-response one (ten)."""
    roll = rng.random()
    if roll < 0.60:
        return rng.randint(1, 6)
    if roll < 0.88:
        return rng.randint(7, 12)
    if roll < 0.96:
        return rng.randint(13, 40)
    if roll < 0.99:
        return rng.randint(41, 90)
    return rng.randint(91, 200)
