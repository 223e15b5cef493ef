"""The follow-up domain: a dealer's CRM log (deliveries, workshop completions, complaint closures, revisit calls,
reminders) against the revisit duties of the dealer policies, and the rates those policies set.

    models -> facts (duties measured on the policy's calendar) -> rulebook (policy profiles) -> core engine
           -> decide -> render; rates -> adjudicator/reports (the periodic report)
"""
