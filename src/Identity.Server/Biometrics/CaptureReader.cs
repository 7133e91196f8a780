using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Biometrics;
using Identity.Biometrics.Captures;
using Identity.Primitives;

namespace Identity.Server.Biometrics;

/// <summary>
/// Reads a capture in the formats of biometrics.md: <c>{"format":"binary","bits":"&lt;base64&gt;","mask":"&lt;base64&gt;"}</c>
/// or <c>{"format":"embedding","vector":[512 numbers]}</c>. Decoded bytes go into pinned buffers that are wiped; error
/// messages name sizes and fields, never values.
/// </summary>
internal static class CaptureReader
{
    public static Result<BiometricCapture> Read(JsonNode? node, string where)
    {
        if (node is not JsonObject capture)
        {
            return Invalid($"{where} must be a JSON object with a \"format\".");
        }

        if (capture["modality"] is { } modalityNode && !BiometricModalities.TryParse(Http.JsonText.String(modalityNode), out _))
        {
            return Invalid($"{where}.modality must be \"iris\" or \"face\".");
        }

        switch (Http.JsonText.String(capture["format"]))
        {
            case "binary":
                return ReadBinary(capture, where);
            case "embedding":
                return ReadEmbedding(capture, where);
            default:
                return Invalid($"{where}.format must be \"binary\" (iris) or \"embedding\" (face).");
        }
    }

    private static Result<BiometricCapture> ReadBinary(JsonObject capture, string where)
    {
        var bits = GC.AllocateUninitializedArray<byte>(BinaryCapture.Bytes + 3, pinned: true);
        var mask = GC.AllocateUninitializedArray<byte>(BinaryCapture.Bytes + 3, pinned: true);
        try
        {
            if (!TryDecode(capture["bits"], bits, out int bitsLength))
            {
                return Invalid($"{where}.bits must be base64 of {BinaryCapture.Bits} bits ({BinaryCapture.Bytes} bytes).");
            }

            if (!TryDecode(capture["mask"], mask, out int maskLength))
            {
                return Invalid($"{where}.mask must be base64 of {BinaryCapture.Bits} bits ({BinaryCapture.Bytes} bytes).");
            }

            var created = BinaryCapture.Create(bits.AsSpan(0, bitsLength), mask.AsSpan(0, maskLength));
            return created.IsSuccess ? created.Value : Invalid($"{where}: {created.Error!.Detail}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bits);
            CryptographicOperations.ZeroMemory(mask);
        }
    }

    // Decodes base64 (standard alphabet, padded) into the buffer; anything longer than the buffer is refused unread.
    private static bool TryDecode(JsonNode? node, byte[] buffer, out int length)
    {
        length = 0;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        var text = value.GetValue<string>();
        return text.Length <= (buffer.Length + 2) / 3 * 4 && Convert.TryFromBase64String(text, buffer, out length);
    }

    private static Result<BiometricCapture> ReadEmbedding(JsonObject capture, string where)
    {
        if (capture["vector"] is not JsonArray vector)
        {
            return Invalid($"{where}.vector must be an array of {EmbeddingCapture.Dimensions} numbers.");
        }

        if (vector.Count != EmbeddingCapture.Dimensions)
        {
            return Invalid($"{where}.vector must have {EmbeddingCapture.Dimensions} numbers; it has {vector.Count}.");
        }

        if (capture["model"] is { } model && (model is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            return Invalid($"{where}.model must be a string.");
        }

        var values = GC.AllocateUninitializedArray<float>(EmbeddingCapture.Dimensions, pinned: true);
        try
        {
            for (int i = 0; i < vector.Count; i++)
            {
                if (vector[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.Number || !item.TryGetValue(out double number))
                {
                    return Invalid($"{where}.vector[{i}] is not a number.");
                }

                values[i] = (float)number;
            }

            var created = EmbeddingCapture.Create(values);
            return created.IsSuccess ? created.Value : Invalid($"{where}: {created.Error!.Detail}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static Result<BiometricCapture> Invalid(string detail) => Result<BiometricCapture>.Failure(ErrorCodes.InvalidBiometricCapture, detail);
}
