"""Register a trained model in SageMaker Model Registry, with a linked model card."""

__version__ = "0.1.0"
