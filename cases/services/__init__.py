"""The office's business actions, one module per subject. Each is a function
with keyword-only arguments that checks the actor's role, works inside one
transaction and writes its timeline, audit and outbox rows there."""
