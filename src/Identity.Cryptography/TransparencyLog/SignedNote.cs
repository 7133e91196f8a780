// References: C2SP signed-note v1.0.0 — https://c2sp.org/signed-note ; RFC 8032 (Ed25519) — https://www.rfc-editor.org/rfc/rfc8032

using System.Buffers.Binary;
using System.Text;
using Identity.Primitives.TransparencyLog;

namespace Identity.Cryptography.TransparencyLog;

/// <summary>
/// A C2SP signed note: the text (ending in a newline), a blank line, then signature lines
/// <c>— &lt;key name&gt; base64(key ID ‖ signature)</c>.
/// </summary>
/// <param name="Text">The signed text, final newline included.</param>
/// <param name="Signatures">The signature lines, in order.</param>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>The largest note this code reads (C2SP asks verifiers for a bound, and for at least 16 signatures).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Most signature lines read.</summary>
    public const int MaxSignatures = 100;

    private const string Dash = "\u2014 ";

    /// <summary>Whether <paramref name="name"/> is a key name: non-empty, with no Unicode space and no '+'.</summary>
    public static bool IsValidKeyName(string? name) => Checkpoint.IsValidOrigin(name);

    /// <summary>The whole note: text, blank line, signature lines.</summary>
    public override string ToString()
    {
        var note = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            note.Append(Dash).Append(signature.Name).Append(' ').Append(Convert.ToBase64String(signature.Blob)).Append('\n');
        }

        return note.ToString();
    }

    /// <summary>Splits a note at its last blank line and parses the signature lines.</summary>
    public static bool TryParse(string? note, out SignedNote? parsed)
    {
        parsed = null;
        if (note is null || note.Length > MaxBytes || !note.EndsWith('\n') || note.Any(c => c < 0x20 && c != '\n'))
        {
            return false;
        }

        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        string text = note[..(split + 1)];
        var lines = note[(split + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            return false;
        }

        var signatures = new List<NoteSignature>(lines.Length);
        foreach (var line in lines)
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                return false;
            }

            int space = line.IndexOf(' ', Dash.Length);
            string name = space < 0 ? "" : line[Dash.Length..space];
            var blob = new byte[line.Length];
            if (!IsValidKeyName(name) || !Convert.TryFromBase64String(line[(space + 1)..], blob, out int length) || length < 5)
            {
                return false;
            }

            signatures.Add(new NoteSignature(name, blob[..length]));
        }

        parsed = new SignedNote(text, signatures);
        return true;
    }

    /// <summary>Signs <paramref name="text"/> with an Ed25519 key under <paramref name="name"/> (C2SP signature type 0x01).</summary>
    /// <exception cref="ArgumentException">The key is not Ed25519, the name is not a key name, or the text does not end in a newline.</exception>
    public static SignedNote Sign(string text, string name, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyType != KeyType.Ed25519 || !text.EndsWith('\n'))
        {
            throw new ArgumentException("An Ed25519 key and a text ending in a newline.");
        }

        var vkey = NoteVerifierKey.ForEd25519(name, key.PublicKey.Bytes.Span);
        var blob = new byte[4 + 64];
        BinaryPrimitives.WriteUInt32BigEndian(blob, vkey.KeyId);
        SignatureAlgorithms.Ed25519.Sign(key, Encoding.UTF8.GetBytes(text)).CopyTo(blob, 4);
        return new SignedNote(text, [new NoteSignature(name, blob)]);
    }

    /// <summary>
    /// Verifies the note against one trusted key: signatures from other keys (name or ID differ) are ignored; a
    /// signature from the key that fails makes the note invalid; at least one must verify.
    /// </summary>
    public bool VerifiedBy(NoteVerifierKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var data = Encoding.UTF8.GetBytes(Text);
        bool verified = false;
        foreach (var signature in Signatures.Where(s => s.Name == key.Name && s.KeyId == key.KeyId))
        {
            var publicKey = PublicKey.Create(KeyType.Ed25519, key.PublicKey);
            if (!publicKey.IsSuccess || signature.Blob.Length != 4 + 64
                || !SignatureAlgorithms.Ed25519.Verify(publicKey.Value, data, signature.Blob.AsSpan(4)))
            {
                return false;
            }

            verified = true;
        }

        return verified;
    }
}

/// <summary>One signature line: the key name and <c>key ID ‖ signature</c>.</summary>
public sealed record NoteSignature(string Name, byte[] Blob)
{
    /// <summary>The big-endian key ID, the blob's first four bytes.</summary>
    public uint KeyId => BinaryPrimitives.ReadUInt32BigEndian(Blob);
}
