"""Check C++-made export cryptography with Python's cryptography, as Quality-time v5.8.0 would use it.

Used by tests/unit/crypto/export_crypto_test.cpp; run with Debian's /usr/bin/python3.

    decrypt_with_python.py <private_pem_file> <b64_key> <token>
        Decrypts the pair with v5.8.0's asymmetric_decrypt and writes the message, UTF-8, to stdout.
    decrypt_with_python.py --encrypt-report <public_pem_file> <datamodel_file>
        Reads a report (JSON) on stdin and writes it with its credentials encrypted as v5.8.0's export does.
    decrypt_with_python.py --decrypt-report <private_pem_file> <datamodel_file>
        Reads an exported report (JSON) on stdin and writes it decrypted as v5.8.0's import does.
    decrypt_with_python.py --reserialize <private_pem_file> <public_pem_file>
        Loads both keys, checks that they belong together, and writes the private key as v5.8.0 stores it
        (PEM, PKCS#8, unencrypted), the public key likewise (PEM, SubjectPublicKeyInfo), and a line
        "<public exponent> <key size>".

Exits with status 1 and a message on stderr if anything fails.
"""

import json
import pathlib
import sys
from base64 import b64decode, b64encode
from typing import cast

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def asymmetric_decrypt(private_key: str, fernet_key_message: tuple[str, str]) -> str:
    """Copied from Quality-time v5.8.0, components/api_server/src/utils/functions.py."""
    private_key_bytes = private_key.encode()
    fernet_key_bytes = b64decode(fernet_key_message[0].encode())
    message_bytes = fernet_key_message[1].encode()
    private_key_obj = serialization.load_pem_private_key(private_key_bytes, None)
    private_key_obj = cast(rsa.RSAPrivateKey, private_key_obj)
    decrypted_key = private_key_obj.decrypt(
        fernet_key_bytes,
        padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None),
    )
    message = Fernet(decrypted_key).decrypt(message_bytes)
    return message.decode()


def asymmetric_encrypt(public_key: str, message: str) -> tuple[str, str]:
    """As Quality-time v5.8.0's components/api_server/src/utils/functions.py."""
    public_key_obj = cast(rsa.RSAPublicKey, serialization.load_pem_public_key(public_key.encode()))
    fernet_key = Fernet.generate_key()
    token = Fernet(fernet_key).encrypt(message.encode())
    encrypted_key = public_key_obj.encrypt(
        fernet_key, padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    )
    return b64encode(encrypted_key).decode(), token.decode()


def is_password_parameter(data_model: dict, source_type: str, parameter: str) -> bool:
    """As v5.8.0's shared_data_model: password types, and anything the data model does not know."""
    try:
        return data_model["sources"][source_type]["parameters"][parameter]["type"] == "password"
    except KeyError:
        return True


def report_credentials(report: dict, data_model: dict):
    """Yield (parameters dict, key) for every credential v5.8.0's transformations.py selects."""
    for subject in report.get("subjects", {}).values():
        for metric in subject.get("metrics", {}).values():
            for source in metric.get("sources", {}).values():
                parameters = source.get("parameters", {})
                for key, value in list(parameters.items()):
                    if value and is_password_parameter(data_model, source["type"], key):
                        yield parameters, key
    tracker_parameters = report.get("issue_tracker", {}).get("parameters", {})
    for key in ("password", "private_token"):
        if key in tracker_parameters:
            yield tracker_parameters, key


def encrypt_report(public_key: str, report: dict, data_model: dict) -> dict:
    """As v5.8.0's encrypt_credentials: lists and dicts are JSON-encoded first."""
    for parameters, key in report_credentials(report, data_model):
        value = parameters[key]
        parameters[key] = asymmetric_encrypt(public_key, value if isinstance(value, str) else json.dumps(value))
    return report


def decrypt_report(private_key: str, report: dict, data_model: dict) -> dict:
    """As v5.8.0's decrypt_credentials: strings stay, pairs are decrypted and then JSON-decoded if they parse."""
    for parameters, key in report_credentials(report, data_model):
        value = parameters[key]
        if isinstance(value, str):
            continue
        plain = asymmetric_decrypt(private_key, tuple(value))
        try:
            parameters[key] = json.loads(plain)
        except json.decoder.JSONDecodeError:
            parameters[key] = plain
    return report


def reserialize(private_pem_file: str, public_pem_file: str) -> bytes:
    private_key = serialization.load_pem_private_key(pathlib.Path(private_pem_file).read_bytes(), None)
    public_key = serialization.load_pem_public_key(pathlib.Path(public_pem_file).read_bytes())
    if not isinstance(private_key, rsa.RSAPrivateKey) or not isinstance(public_key, rsa.RSAPublicKey):
        raise ValueError("not an RSA key")
    if private_key.public_key().public_numbers() != public_key.public_numbers():
        raise ValueError("the public key does not belong to the private key")
    private_bytes = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    public_bytes = public_key.public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    numbers = public_key.public_numbers()
    return private_bytes + public_bytes + f"{numbers.e} {public_key.key_size}\n".encode()


def main(arguments: list[str]) -> int:
    try:
        if len(arguments) == 3 and arguments[0] in ("--encrypt-report", "--decrypt-report"):
            key = pathlib.Path(arguments[1]).read_text()
            data_model = json.loads(pathlib.Path(arguments[2]).read_text())
            transform = encrypt_report if arguments[0] == "--encrypt-report" else decrypt_report
            sys.stdout.write(json.dumps(transform(key, json.load(sys.stdin), data_model)))
        elif len(arguments) == 3 and arguments[0] == "--reserialize":
            sys.stdout.buffer.write(reserialize(arguments[1], arguments[2]))
        elif len(arguments) == 3:
            private_key = pathlib.Path(arguments[0]).read_text()
            sys.stdout.buffer.write(asymmetric_decrypt(private_key, (arguments[1], arguments[2])).encode())
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Exception as error:  # noqa: BLE001
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
