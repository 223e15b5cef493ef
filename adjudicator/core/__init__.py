"""The core: knows no domain. Rule specs, the condition language, dated parameters, compiling, the engine
adapter, the oracle, explanations and why-not, the working-day calendar."""
