"""Summarises support tickets: the code the manifest beside it should describe, but does not."""

import anthropic

client = anthropic.Anthropic()


def summarise(ticket: str) -> str:
    """One paragraph about a ticket, from Claude through Anthropic's API."""
    reply = client.messages.create(
        model="claude-sonnet-5-5",
        max_tokens=400,
        messages=[{"role": "user", "content": f"Summarise this support ticket:\n\n{ticket}"}],
    )
    return reply.content[0].text
