"""Gherkin features (zh-CN), shipped inside the package as adjudicator.features so that
`adjudicator rules show ID` can list the scenarios that test a rule."""
