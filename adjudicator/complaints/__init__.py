"""The complaint domain: a complaint's timeline against the carmakers' handling policies (closure, deadlines on
the working-day calendar, escalation, next actions).

    models -> facts (deadlines, closure, involvement) -> rulebook (policy profiles) -> core engine -> decide -> render
"""
