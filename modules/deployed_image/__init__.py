"""The image version a deployment runs, kept in an SSM parameter that CI writes and every deploy reads, so a
rollout sticks: the next infrastructure deploy runs the same image instead of the one in the settings.

    from modules.deployed_image.construct import DeployedImage
    from modules.deployed_image.props import DeployedImageProps

    image = DeployedImage(self, "image_tag", DeployedImageProps(name="mc-dev", repository="ghcr.io/acme/mc",
                                                               initial_version="1.4.2"))
    image.reference   # ghcr.io/acme/mc:<the parameter's value>, or ...@sha256:<digest>

A release: push the image, then `aws ssm put-parameter --name /mc-dev/image-tag --value 1.4.3 --overwrite` and
deploy (the rollout workflow does both). Terraform creates the parameter with `initial_version` and never writes
it again (`ignore_changes`); each plan refreshes it and builds the image reference from what it holds.
"""
