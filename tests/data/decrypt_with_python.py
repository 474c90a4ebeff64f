"""Check C++-made export cryptography with Python's cryptography, as Quality-time v5.8.0 would use it.

Used by tests/unit/crypto/export_crypto_test.cpp; run with Debian's /usr/bin/python3.

    decrypt_with_python.py <private_pem_file> <b64_key> <token>
        Decrypts the pair with v5.8.0's asymmetric_decrypt and writes the message, UTF-8, to stdout.
    decrypt_with_python.py --reserialize <private_pem_file> <public_pem_file>
        Loads both keys, checks that they belong together, and writes the private key as v5.8.0 stores it
        (PEM, PKCS#8, unencrypted), the public key likewise (PEM, SubjectPublicKeyInfo), and a line
        "<public exponent> <key size>".

Exits with status 1 and a message on stderr if anything fails.
"""

import pathlib
import sys
from base64 import b64decode
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
        if len(arguments) == 3 and arguments[0] == "--reserialize":
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
