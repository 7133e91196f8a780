using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Biometrics.Captures;

/// <summary>
/// A 2048-bit IrisCode-like template with its 2048-bit mask (format <c>binary</c>), packed least-significant bit first;
/// a mask bit of 1 marks a valid code bit.
/// </summary>
public sealed class BinaryCapture : BiometricCapture
{
    /// <summary>Template and mask length in bits.</summary>
    public const int Bits = 2048;

    /// <summary>Template and mask length in bytes.</summary>
    public const int Bytes = Bits / 8;

    private readonly byte[] _bits;
    private readonly byte[] _mask;

    private BinaryCapture(byte[] bits, byte[] mask)
    {
        _bits = bits;
        _mask = mask;
    }

    /// <inheritdoc/>
    public override BiometricModality Modality => BiometricModality.Iris;

    /// <summary>The code bits.</summary>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    public ReadOnlySpan<byte> CodeBits
    {
        get
        {
            ThrowIfDisposed();
            return _bits;
        }
    }

    /// <summary>The mask bits (1 = valid).</summary>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    public ReadOnlySpan<byte> Mask
    {
        get
        {
            ThrowIfDisposed();
            return _mask;
        }
    }

    /// <summary>Copies a template and mask into a new capture.</summary>
    /// <returns>The capture, or <see cref="ErrorCodes.InvalidBiometricCapture"/> when either is not 256 bytes.</returns>
    public static Result<BinaryCapture> Create(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask)
    {
        if (bits.Length != Bytes)
        {
            return Result<BinaryCapture>.Failure(ErrorCodes.InvalidBiometricCapture, $"The template must be {Bits} bits ({Bytes} bytes); got {bits.Length} bytes.");
        }

        if (mask.Length != Bytes)
        {
            return Result<BinaryCapture>.Failure(ErrorCodes.InvalidBiometricCapture, $"The mask must be {Bits} bits ({Bytes} bytes); got {mask.Length} bytes.");
        }

        byte[] ownedBits = GC.AllocateUninitializedArray<byte>(Bytes, pinned: true);
        byte[] ownedMask = GC.AllocateUninitializedArray<byte>(Bytes, pinned: true);
        bits.CopyTo(ownedBits);
        mask.CopyTo(ownedMask);
        return new BinaryCapture(ownedBits, ownedMask);
    }

    private protected override void Wipe()
    {
        CryptographicOperations.ZeroMemory(_bits);
        CryptographicOperations.ZeroMemory(_mask);
    }
}
