#!/usr/bin/env python3
"""make refresh-aws-cli-model: writes src/test/resources/aws-cli-model/model.json from the AWS CLI
installed here: every command of the services the scripts use, with the argument table the CLI
itself builds for it (from botocore's service models, plus the CLI's customizations such as
cloudfront create-invalidation --paths, pagination options, waiters, cloudformation deploy and
the s3 commands). The stand-in aws of the script tests refuses, as the real CLI would, a call
with an unknown command, an unknown option, a missing required one, a value of the wrong type or
outside its enum, or a JSON value with a member the API does not have."""
import json
import sys

import awscli
import botocore
from awscli.arguments import ListArgument
from awscli.clidriver import create_clidriver

COMMANDS = ["cloudformation", "s3api", "s3", "cloudfront", "iam", "sts", "lambda", "logs", "cloudwatch"]
MAX_DEPTH = 5


def shape_of(shape, depth=0):
    """A botocore shape as the checker needs it: type, enum, and for JSON values its members."""
    out = {"type": shape.type_name}
    if getattr(shape, "enum", None):
        out["enum"] = list(shape.enum)
    if depth >= MAX_DEPTH:
        return out
    if shape.type_name == "structure":
        out["members"] = {name: shape_of(member, depth + 1) for name, member in shape.members.items()}
        out["required"] = list(shape.required_members)
    elif shape.type_name == "list":
        out["member"] = shape_of(shape.member, depth + 1)
    elif shape.type_name == "map":
        out["value"] = shape_of(shape.value, depth + 1)
    return out


def arguments(arg_table):
    options, required, positional = {}, [], []
    for name, argument in arg_table.items():
        # A streaming output (s3api get-object's and lambda invoke's outfile) names itself without "--":
        # the CLI adds it to its parser as a positional argument, though positional_arg says False.
        if getattr(argument, "positional_arg", False) or not str(getattr(argument, "cli_name", "--")).startswith("--"):
            positional.append({"name": name, "nargs": str(getattr(argument, "nargs", None) or 1)})
            continue
        model = getattr(argument, "argument_model", None)
        spec = shape_of(model) if model is not None else {}
        spec["type"] = argument.cli_type_name
        # A list of scalars takes several values (ListArgument adds itself with nargs='*'), as do nargs + / * options.
        if getattr(argument, "nargs", None) in ("+", "*") or isinstance(argument, ListArgument):
            spec["many"] = True
        options["--" + name] = spec
        if argument.required:
            required.append("--" + name)
    return {"options": options, "required": required, "positional": positional}


def main():
    driver = create_clidriver()
    table = driver._get_command_table()
    commands = {}
    for name in COMMANDS:
        operations = {}
        top = table[name]
        subcommands = top.subcommand_table if hasattr(top, "subcommand_table") else top._get_command_table()
        for operation, command in subcommands.items():
            if operation == "wait":  # one command per waiter
                operations[operation] = {"subcommands": {waiter: arguments(sub.arg_table)
                                                         for waiter, sub in command.subcommand_table.items()}}
            else:
                operations[operation] = arguments(command.arg_table)
        commands[name] = operations
    global_options = {"--" + name: {"type": argument.cli_type_name}
                      for name, argument in driver._get_argument_table().items()}
    global_options["--version"] = {"type": "boolean"}  # prints the version and exits
    json.dump({
        "source": "the argument tables of AWS CLI %s (botocore %s), as awscli.clidriver builds them: botocore's "
                  "service models with the CLI's customizations" % (awscli.__version__, botocore.__version__),
        "globalOptions": global_options,
        "commands": commands,
    }, sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
