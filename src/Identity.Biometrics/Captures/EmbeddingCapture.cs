using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Biometrics.Captures;

/// <summary>A 512-dimensional, L2-normalised face embedding (format <c>embedding</c>, ArcFace-like).</summary>
public sealed class EmbeddingCapture : BiometricCapture
{
    /// <summary>The embedding dimension.</summary>
    public const int Dimensions = 512;

    /// <summary>How far the Euclidean norm may be from 1.</summary>
    public const double NormTolerance = 1e-3;

    private readonly float[] _vector;

    private EmbeddingCapture(float[] vector)
    {
        _vector = vector;
    }

    /// <inheritdoc/>
    public override BiometricModality Modality => BiometricModality.Face;

    /// <summary>The embedding.</summary>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    public ReadOnlySpan<float> Vector
    {
        get
        {
            ThrowIfDisposed();
            return _vector;
        }
    }

    /// <summary>Copies an embedding into a new capture.</summary>
    /// <returns>
    /// The capture, or <see cref="ErrorCodes.InvalidBiometricCapture"/> when it does not have 512 components, has a
    /// non-finite one, or is not L2-normalised (norm within 1 ± 1e-3). Messages never quote component values.
    /// </returns>
    public static Result<EmbeddingCapture> Create(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            return Result<EmbeddingCapture>.Failure(ErrorCodes.InvalidBiometricCapture, $"The embedding must have {Dimensions} components; got {vector.Length}.");
        }

        double squares = 0;
        foreach (float component in vector)
        {
            if (!float.IsFinite(component))
            {
                return Result<EmbeddingCapture>.Failure(ErrorCodes.InvalidBiometricCapture, "The embedding has a component that is not a finite number.");
            }

            squares += (double)component * component;
        }

        if (Math.Abs(Math.Sqrt(squares) - 1.0) > NormTolerance)
        {
            return Result<EmbeddingCapture>.Failure(ErrorCodes.InvalidBiometricCapture, "The embedding is not L2-normalised (its norm must be 1).");
        }

        float[] owned = GC.AllocateUninitializedArray<float>(Dimensions, pinned: true);
        vector.CopyTo(owned);
        return new EmbeddingCapture(owned);
    }

    private protected override void Wipe() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_vector.AsSpan()));
}
