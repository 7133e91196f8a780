// References: C2SP signed-note v1.0.0, "Signatures" (key IDs) and "Verifier keys" — https://c2sp.org/signed-note

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Identity.Cryptography.TransparencyLog;

/// <summary>
/// A signed-note verifier key (<c>vkey</c>): <c>&lt;name&gt;+hex(key ID)+base64(type ‖ public key)</c>. Only Ed25519
/// (type <c>0x01</c>) keys are accepted.
/// </summary>
/// <param name="Name">The key name, e.g. <c>identity.example.org/log</c>.</param>
/// <param name="KeyId">SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian.</param>
/// <param name="PublicKey">The 32-byte RFC 8032 Ed25519 public key.</param>
public sealed record NoteVerifierKey(string Name, uint KeyId, byte[] PublicKey)
{
    /// <summary>The signature type byte of Ed25519 note signatures.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>The vkey for an Ed25519 public key under <paramref name="name"/>, with the recommended key ID.</summary>
    /// <exception cref="ArgumentException">The name is not a valid key name or the key is not 32 bytes.</exception>
    public static NoteVerifierKey ForEd25519(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!SignedNote.IsValidKeyName(name) || publicKey.Length != 32)
        {
            throw new ArgumentException("A key name without spaces or '+', and a 32-byte Ed25519 public key.");
        }

        return new NoteVerifierKey(name, ComputeKeyId(name, Ed25519Type, publicKey), publicKey.ToArray());
    }

    /// <summary>SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] as a big-endian integer.</summary>
    public static uint ComputeKeyId(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(Encoding.UTF8.GetBytes(name));
        sha256.AppendData([0x0A, type]);
        sha256.AppendData(publicKey);
        return BinaryPrimitives.ReadUInt32BigEndian(sha256.GetHashAndReset());
    }

    /// <summary>Parses a vkey; the key ID must be the one its name and key give.</summary>
    public static bool TryParse(string? text, out NoteVerifierKey? key)
    {
        key = null;
        var parts = text?.Trim().Split('+', 3);
        if (parts is not { Length: 3 } || !SignedNote.IsValidKeyName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint id)
            || parts[1] != parts[1].ToLowerInvariant())
        {
            return false;
        }

        var material = new byte[64];
        if (!Convert.TryFromBase64String(parts[2], material, out int length) || length != 33 || material[0] != Ed25519Type)
        {
            return false;
        }

        var candidate = ForEd25519(parts[0], material.AsSpan(1, 32));
        if (candidate.KeyId != id)
        {
            return false;
        }

        key = candidate;
        return true;
    }

    /// <summary>The vkey text.</summary>
    public override string ToString() =>
        $"{Name}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([Ed25519Type, .. PublicKey])}";

    /// <summary>Value equality over the name, key ID and key bytes.</summary>
    public bool Equals(NoteVerifierKey? other) =>
        other is not null && Name == other.Name && KeyId == other.KeyId && PublicKey.AsSpan().SequenceEqual(other.PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, KeyId);
}
