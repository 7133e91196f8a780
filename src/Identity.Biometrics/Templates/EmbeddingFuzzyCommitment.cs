// References: A. Juels, M. Wattenberg, "A fuzzy commitment scheme", ACM CCS 1999; M. S. Charikar, "Similarity
// estimation techniques from rounding algorithms", STOC 2002 (sign of a Gaussian projection); ISO/IEC 24745:2022;
// RFC 9106 (Argon2id); biometrics.md §2 and §2b (keyed projection, reliable-bit selection, BCH(511, 67, t = 87)).
using System.Collections.Immutable;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>
/// Fuzzy commitment for 512-d face embeddings: the mean of the captures is projected onto 4096 secret Gaussian
/// hyperplanes (keyed by the pepper and the record's salt); the 511 with the largest |r·x| give the sign bits, bound to
/// a random 67-bit key through BCH(511, 67, t = 87). The record holds the salt, the helper data
/// (codeword ⊕ bits ‖ 4096-bit selection bitmap) and the Argon2id tag.
/// </summary>
/// <remarks>
/// <para>
/// Helper layout (576 bytes): bytes 0–63 hold the 511 bits codeword ⊕ sign bits, packed least-significant bit first, the
/// top bit of byte 63 zero; bytes 64–575 hold the selection bitmap (bit i set when row i of the projection is kept,
/// exactly 511 set). The k-th sign bit belongs to the k-th selected row in ascending order.
/// </para>
/// <para>
/// The code tolerates 87 of 511 flipped bits, which acts like a cosine threshold of about 0.45 between probe and
/// reference. Without the pepper the bitmap and the helper say nothing about the embedding; with it, the bitmap reveals
/// the embedding's direction: keep the pepper out of the database (biometrics.md §2b).
/// </para>
/// <threadsafety>Immutable; safe to use from several threads while the pepper buffer stays undisposed.</threadsafety>
/// </remarks>
public sealed class EmbeddingFuzzyCommitment
{
    /// <summary>The scheme identifier stored in every record and bound into its tag.</summary>
    public const string SchemeId = "fcs-rp4096-sel511-bch511-67-argon2id-v1";

    /// <summary>The record format version this class writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The number of hyperplanes in the keyed projection.</summary>
    public const int ProjectionRows = KeyedProjection.Rows;

    /// <summary>The number of reliable bits kept (the code length).</summary>
    public const int SelectedBits = 511;

    /// <summary>The helper data length: 64 bytes of codeword ⊕ bits and a 512-byte selection bitmap.</summary>
    public const int HelperBytes = CodeBytes + BitmapBytes;

    /// <summary>The Argon2id tag length in bytes.</summary>
    public const int TagSize = 32;

    private const int CodeBytes = 64;
    private const int BitmapBytes = ProjectionRows / 8;

    private static readonly Lazy<BchCode> s_code = new(() =>
    {
        var code = BchCode.Create(9, 87);
        return code.Dimension == 67 ? code : throw new InvalidOperationException("BCH(511, t = 87) must have 67 message bits.");
    });

    private static readonly byte[] s_schemeIdBytes = Encoding.UTF8.GetBytes(SchemeId);

    private readonly SecureBuffer _pepper;
    private readonly EmbeddingFuzzyCommitmentOptions _options;

    /// <summary>Creates the scheme over a per-tenant pepper, which keys the projection and is never stored in records.</summary>
    /// <param name="pepper">At least <see cref="BinaryFuzzyCommitment.MinPepperSize"/> secret bytes; the caller keeps ownership.</param>
    /// <param name="options">Argon2id cost; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pepper"/> is null.</exception>
    /// <exception cref="ArgumentException">The pepper is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EmbeddingFuzzyCommitment(SecureBuffer pepper, EmbeddingFuzzyCommitmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        if (pepper.Length < BinaryFuzzyCommitment.MinPepperSize)
        {
            throw new ArgumentException($"The pepper must be at least {BinaryFuzzyCommitment.MinPepperSize} bytes.", nameof(pepper));
        }

        _options = options ?? new EmbeddingFuzzyCommitmentOptions();
        _options.Validate();
        _pepper = pepper;
    }

    /// <summary>
    /// Enrols one or more captures of one subject: their mean, re-normalised, is the reference. A new salt gives a new
    /// projection, selection and key, so the record is unlinkable to any other enrolment.
    /// </summary>
    /// <returns>
    /// The record; <see cref="ErrorCodes.InvalidBiometricCapture"/> for an empty list;
    /// <see cref="ErrorCodes.BiometricCaptureUnusable"/> when the captures cancel out (their mean is near zero).
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument or a capture is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">A capture was disposed.</exception>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public Result<BiometricRecord> Enroll(IReadOnlyList<EmbeddingCapture> captures, string subjectDid)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        var key = GC.AllocateArray<byte>(s_code.Value.MessageBytes, pinned: true);
        try
        {
            return Enroll(captures, subjectDid, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Enrols and leaves the bound key in <paramref name="key"/> (the evaluation's decoder-level check).</summary>
    internal Result<BiometricRecord> Enroll(IReadOnlyList<EmbeddingCapture> captures, string subjectDid, Span<byte> key)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        if (captures.Count == 0)
        {
            return Result<BiometricRecord>.Failure(ErrorCodes.InvalidBiometricCapture, "Enrolment needs at least one capture.");
        }

        BchCode code = s_code.Value;
        float[] mean = GC.AllocateArray<float>(KeyedProjection.Columns, pinned: true);
        double[] sum = GC.AllocateArray<double>(KeyedProjection.Columns, pinned: true);
        float[] row = GC.AllocateArray<float>(KeyedProjection.Columns, pinned: true);
        double[] magnitudes = GC.AllocateArray<double>(ProjectionRows, pinned: true);
        int[] order = GC.AllocateArray<int>(ProjectionRows, pinned: true);
        byte[] signs = GC.AllocateArray<byte>(ProjectionRows / 8, pinned: true);
        byte[] bits = GC.AllocateArray<byte>(CodeBytes, pinned: true);
        byte[] codeword = GC.AllocateArray<byte>(CodeBytes, pinned: true);
        try
        {
            foreach (EmbeddingCapture capture in captures)
            {
                ArgumentNullException.ThrowIfNull(capture, nameof(captures));
                ReadOnlySpan<float> vector = capture.Vector;
                for (int j = 0; j < sum.Length; j++)
                {
                    sum[j] += vector[j];
                }
            }

            double norm = 0;
            foreach (double v in sum)
            {
                norm += v * v;
            }

            norm = Math.Sqrt(norm);
            if (!(norm > 1e-3 * captures.Count))
            {
                return Result<BiometricRecord>.Failure(ErrorCodes.BiometricCaptureUnusable, "The captures do not agree on a direction; take them again.");
            }

            for (int j = 0; j < mean.Length; j++)
            {
                mean[j] = (float)(sum[j] / norm);
            }

            byte[] salt = new byte[Argon2id.SaltSize];
            _options.FillRandom(salt);
            var helper = new byte[HelperBytes];
            using (var projection = KeyedProjection.Derive(_pepper, salt))
            {
                for (int i = 0; i < ProjectionRows; i++)
                {
                    double z = projection.Project(i, mean, row);
                    magnitudes[i] = -Math.Abs(z);
                    order[i] = i;
                    if (z > 0)
                    {
                        PackedBits.Set(signs, i, 1);
                    }
                }
            }

            // The 511 largest |z| (ascending −|z|), then back to ascending row order for the bit layout.
            Array.Sort(magnitudes, order);
            Array.Sort(order, 0, SelectedBits);
            Span<byte> bitmap = helper.AsSpan(CodeBytes);
            for (int k = 0; k < SelectedBits; k++)
            {
                PackedBits.Set(bitmap, order[k], 1);
                PackedBits.Set(bits, k, PackedBits.Get(signs, order[k]));
            }

            _options.FillRandom(key);
            key[^1] &= (byte)((1 << (code.Dimension % 8)) - 1);
            code.Encode(key, codeword);
            for (int i = 0; i < CodeBytes; i++)
            {
                helper[i] = (byte)(codeword[i] ^ bits[i]);
            }

            var tag = new byte[TagSize];
            TemplateTag.Compute(key, subjectDid, s_schemeIdBytes, salt, _options.OpsLimit, _options.MemLimitBytes, tag);
            return new BiometricRecord
            {
                SchemeId = SchemeId,
                Version = Version,
                Salt = ImmutableArray.Create(salt),
                Helper = ImmutableArray.Create(helper),
                OpsLimit = _options.OpsLimit,
                MemLimitBytes = _options.MemLimitBytes,
                Tag = ImmutableArray.Create(tag),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(mean.AsSpan()));
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sum.AsSpan()));
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(magnitudes.AsSpan()));
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(order.AsSpan()));
            CryptographicOperations.ZeroMemory(signs);
            CryptographicOperations.ZeroMemory(bits);
            CryptographicOperations.ZeroMemory(codeword);
        }
    }

    /// <summary>Matches a fresh capture against a record: one decode, and one Argon2id when it succeeds.</summary>
    /// <returns>
    /// True when the capture recovers the enrolled key for <paramref name="subjectDid"/>, false when it does not;
    /// <see cref="ErrorCodes.InvalidBiometricRecord"/> for a record that is not a well-formed record of this scheme.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public Result<bool> Match(EmbeddingCapture capture, string subjectDid, BiometricRecord record)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        ArgumentNullException.ThrowIfNull(record);
        if (!IsWellFormed(record))
        {
            return Result<bool>.Failure(ErrorCodes.InvalidBiometricRecord, $"The record is not a well-formed {SchemeId} version {Version} record.");
        }

        var key = GC.AllocateArray<byte>(s_code.Value.MessageBytes, pinned: true);
        try
        {
            using EmbeddingReference reference = Prepare(record);
            if (!reference.TryDecode(capture.Vector, key))
            {
                return false;
            }

            using var check = new TemplateTag.RecordCheck(subjectDid, s_schemeIdBytes, record, TagSize);
            return check.Accept(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Generates the record's 511 selected projection rows once, for one or many decodes (a well-formed record).</summary>
    internal EmbeddingReference Prepare(BiometricRecord record)
    {
        ReadOnlySpan<byte> helper = record.Helper.AsSpan();
        var rows = GC.AllocateArray<float>(SelectedBits * KeyedProjection.Columns, pinned: true);
        using var projection = KeyedProjection.Derive(_pepper, record.Salt.AsSpan());
        ReadOnlySpan<byte> bitmap = helper[CodeBytes..];
        int k = 0;
        for (int i = 0; i < ProjectionRows; i++)
        {
            if (PackedBits.Get(bitmap, i) != 0)
            {
                projection.Row(i, rows.AsSpan(k * KeyedProjection.Columns, KeyedProjection.Columns));
                k++;
            }
        }

        return new EmbeddingReference(s_code.Value, rows, helper[..CodeBytes].ToArray());
    }

    internal static bool IsWellFormed(BiometricRecord record)
    {
        if (record.SchemeId != SchemeId || record.Version != Version
            || record.Helper.IsDefault || record.Helper.Length != HelperBytes
            || !TemplateTag.HasValidParameters(record, TagSize))
        {
            return false;
        }

        ReadOnlySpan<byte> helper = record.Helper.AsSpan();
        int selected = 0;
        foreach (byte b in helper[CodeBytes..])
        {
            selected += BitOperations.PopCount(b);
        }

        return selected == SelectedBits && !PackedBits.HasPaddingBits(helper[..CodeBytes], SelectedBits);
    }
}

/// <summary>A record's selected projection rows and helper bits, ready to decode probes; wipes them when disposed.</summary>
internal sealed class EmbeddingReference : IDisposable
{
    private readonly BchCode _code;
    private readonly float[] _rows;
    private readonly byte[] _helper;

    internal EmbeddingReference(BchCode code, float[] rows, byte[] helper)
    {
        _code = code;
        _rows = rows;
        _helper = helper;
    }

    /// <summary>Decodes helper ⊕ signs of the selected projections of <paramref name="vector"/> into <paramref name="key"/>.</summary>
    public bool TryDecode(ReadOnlySpan<float> vector, Span<byte> key)
    {
        Span<byte> received = stackalloc byte[_helper.Length];
        try
        {
            return TryDecode(vector, key, received);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(received);
        }
    }

    /// <summary>
    /// As <see cref="TryDecode(ReadOnlySpan{float}, Span{byte})"/>, leaving the received word (64 bytes) in
    /// <paramref name="received"/>, which the caller wipes; the evaluation measures its distance from the codeword.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<float> vector, Span<byte> key, Span<byte> received)
    {
        _helper.CopyTo(received);
        for (int k = 0; k < EmbeddingFuzzyCommitment.SelectedBits; k++)
        {
            if (KeyedProjection.Dot(_rows.AsSpan(k * KeyedProjection.Columns, KeyedProjection.Columns), vector) > 0)
            {
                PackedBits.Flip(received, k);
            }
        }

        return _code.Decode(received, key).IsSuccess;
    }

    /// <summary>Selected projection row k (evaluation only: the linkage attack of a leaked pepper).</summary>
    internal ReadOnlySpan<float> Row(int k) => _rows.AsSpan(k * KeyedProjection.Columns, KeyedProjection.Columns);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_rows.AsSpan()));
        CryptographicOperations.ZeroMemory(_helper);
    }
}
