# The deposit for an archive (make deposit; not part of the default build): the replication
# package, the results of this build and the metadata archives read, leak-scanned, with a zip
# whose bytes depend only on its contents.
from ctcstudy.deposit.package import name_and_version

DEPOSIT = f"deposit/{name_and_version()}"


rule deposit:
    input:
        final_outputs(),
        package=PACKAGE,
        metadata=["LICENSE", "LICENSE-DATA", "CITATION.cff", "ACCESS.md", "README.md", "workflow/data_files.yaml"],
    output:
        folder=directory(DEPOSIT),
        archive=f"{DEPOSIT}.zip",
    log:
        "logs/deposit.log",
    shell:
        "python -m ctcstudy --log {log} deposit --out-dir deposit"
