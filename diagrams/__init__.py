"""Architecture diagrams drawn from what is synthesized, never by hand.

    make diagrams        # synth, then docs/diagrams/<environment>.mmd for lightsail, dev and prod
    python -m diagrams cdktf.out/stacks --out docs/diagrams

Reads `cdk.tf.json` only (no cdktf import): `diagrams.model` turns a stack into nodes in network zones, the flows
its security-group rules allow (what `modules/security.connect()` opens, with the port) and other relations;
`diagrams.mermaid` draws them as a Mermaid flowchart. A test regenerates them from the default settings and fails
when a committed diagram differs.
"""
