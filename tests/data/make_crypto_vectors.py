"""Write crypto_vectors.json: known answers from Python's cryptography for the C++ export/import cryptography.

Run with Debian's /usr/bin/python3 (package python3-cryptography):

    /usr/bin/python3 tests/data/make_crypto_vectors.py

The RSA keys and the RSA-OAEP ciphertexts are random, so every run writes different vectors; the Fernet
vectors use fixed keys, IVs and times and do not change. asymmetric_encrypt/asymmetric_decrypt are copied
from Quality-time v5.8.0, components/api_server/src/utils/functions.py.
"""

import hashlib
import json
import pathlib
from base64 import b64decode, b64encode, urlsafe_b64encode
from typing import cast

import cryptography
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


# --- Copied from Quality-time v5.8.0 (utils/functions.py and initialization/secrets.py) ---


def symmetric_encrypt(message: bytes) -> tuple[bytes, bytes]:
    key = Fernet.generate_key()
    fernet = Fernet(key)
    token = fernet.encrypt(message)
    return key, token


def symmetric_decrypt(key: bytes, message: bytes) -> bytes:
    fernet = Fernet(key)
    return fernet.decrypt(message)


def asymmetric_encrypt(public_key: str, message: str) -> tuple[str, str]:
    public_key_bytes = public_key.encode()
    message_bytes = message.encode()
    fernet_key, fernet_token = symmetric_encrypt(message_bytes)
    public_key_obj = serialization.load_pem_public_key(public_key_bytes)
    public_key_obj = cast(rsa.RSAPublicKey, public_key_obj)
    encrypted_key = public_key_obj.encrypt(
        fernet_key,
        padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None),
    )
    b64_key = b64encode(encrypted_key)
    return b64_key.decode(), fernet_token.decode()


def asymmetric_decrypt(private_key: str, fernet_key_message: tuple[str, str]) -> str:
    private_key_bytes = private_key.encode()
    fernet_key_bytes = b64decode(fernet_key_message[0].encode())
    message_bytes = fernet_key_message[1].encode()
    private_key_obj = serialization.load_pem_private_key(private_key_bytes, None)
    private_key_obj = cast(rsa.RSAPrivateKey, private_key_obj)
    decrypted_key = private_key_obj.decrypt(
        fernet_key_bytes,
        padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None),
    )
    message = symmetric_decrypt(decrypted_key, message_bytes)
    return message.decode()


def generate_key_pair(key_size: int) -> dict[str, str]:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    public_key = private_key.public_key()
    private_key_bytes = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    public_key_bytes = public_key.public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    return {"bits": key_size, "private_key": private_key_bytes.decode(), "public_key": public_key_bytes.decode()}


# --- End of the copy ---


def other_formats(private_key_pem: str) -> dict[str, str]:
    """The same key in formats Python also reads: PKCS#1 ("RSA PRIVATE KEY", "RSA PUBLIC KEY"), and encrypted PKCS#8."""
    private_key = cast(rsa.RSAPrivateKey, serialization.load_pem_private_key(private_key_pem.encode(), None))
    return {
        "private_key": private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        ).decode(),
        "public_key": private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
        .decode(),
        "encrypted_private_key": private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"password"),
        ).decode(),
    }


def ec_key_pair() -> dict[str, str]:
    """A key pair that is no RSA key pair: v5.8.0 fails on it, and so must the C++ code."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    return {
        "private_key": private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "public_key": private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
    }

OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def fixed_bytes(label: str, length: int) -> bytes:
    """Deterministic "random" bytes, so the Fernet vectors stay the same from run to run."""
    return hashlib.sha256(label.encode()).digest()[:length]


def fernet_vectors() -> list[dict]:
    messages = [
        b"",
        b"a",
        b"fifteen bytes!!",
        b"sixteen bytes!!!",
        b"seventeen bytes!!",
        "pässwörd €".encode(),
        b'["user", "p@ss"]',
        bytes(range(256)),
        b"x" * 1000,
    ]
    vectors = []
    for index, message in enumerate(messages):
        key = urlsafe_b64encode(fixed_bytes(f"fernet key {index}", 32))
        iv = fixed_bytes(f"fernet iv {index}", 16)
        timestamp = [0, 1, 1700000000, 2**40 + 3, 2**64 - 1][index % 5]
        token = Fernet(key)._encrypt_from_parts(message, timestamp, iv)
        assert Fernet(key).decrypt(token) == message
        vectors.append(
            {
                "key": key.decode(),
                "iv_hex": iv.hex(),
                "timestamp": str(timestamp),  # a string: 2**64 - 1 does not fit a JSON integer in Jansson
                "message_hex": message.hex(),
                "token": token.decode(),
            }
        )
    return vectors


def oaep_vectors(keys: dict[str, dict]) -> list[dict]:
    vectors = []
    for key_name, key_pair in keys.items():
        public_key = cast(rsa.RSAPublicKey, serialization.load_pem_public_key(key_pair["public_key"].encode()))
        max_length = public_key.key_size // 8 - 2 * 32 - 2
        plaintexts = [
            b"",
            Fernet.generate_key(),
            b"\x00\x00\x01",  # zeros and a 0x01 inside the message must not confuse the padding scan
            b"\x01",
            bytes(range(256))[:max_length],
            b"m" * max_length,
        ]
        for plaintext in plaintexts:
            ciphertext = public_key.encrypt(plaintext, OAEP)
            vectors.append({"key": key_name, "plaintext_hex": plaintext.hex(), "ciphertext": b64encode(ciphertext).decode()})
    return vectors


def asymmetric_vectors(keys: dict[str, dict]) -> list[dict]:
    messages = ["secret", "", "pässwörd €", '["user", "password"]', "ü" * 500]
    vectors = []
    for key_name in ("rsa2048", "rsa4096"):
        for message in messages:
            encrypted = asymmetric_encrypt(keys[key_name]["public_key"], message)
            assert asymmetric_decrypt(keys[key_name]["private_key"], encrypted) == message
            vectors.append({"key": key_name, "message": message, "encrypted": list(encrypted)})
    return vectors


def main() -> None:
    keys = {
        "rsa2048": generate_key_pair(2048),
        "rsa2048_other": generate_key_pair(2048),  # for wrong-key tests with a modulus of the same size
        "rsa4096": generate_key_pair(4096),
    }
    vectors_only = {
        "rsa2048_pkcs1": other_formats(keys["rsa2048"]["private_key"]),
        "ec_p256": ec_key_pair(),
    }
    vectors = {
        "generator": f"tests/data/make_crypto_vectors.py with Python cryptography {cryptography.__version__}",
        "keys": keys | vectors_only,
        "fernet": fernet_vectors(),
        "oaep": oaep_vectors({"rsa2048": keys["rsa2048"], "rsa4096": keys["rsa4096"]}),
        "asymmetric": asymmetric_vectors(keys),
    }
    output = pathlib.Path(__file__).with_name("crypto_vectors.json")
    output.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
