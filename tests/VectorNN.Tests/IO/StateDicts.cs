using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace VectorNN.Tests.IO;

/// <summary>
/// Writes safetensors files as the safetensors library writes a PyTorch state_dict (no <c>__metadata__</c>, tensors
/// one after the other), independently of the library's writer, so that tests can craft bad ones.
/// </summary>
internal static class StateDicts
{
    /// <summary>One tensor: its name, dtype (F32, F64, or any other, written as zero bytes of <paramref name="ElementSize"/>), shape and values.</summary>
    public sealed record Tensor(string Name, long[] Shape, double[] Values, string DType = "F32", int ElementSize = 4);

    /// <summary>A weight [out, in] with values 1, 2, 3, ... scaled by <paramref name="scale"/>.</summary>
    public static Tensor Weight(string name, int outputs, int inputs, double scale = 0.1) =>
        new(name, [outputs, inputs], [.. Enumerable.Range(1, outputs * inputs).Select(i => i * scale)]);

    /// <summary>A bias [out] with values -1, -2, ... scaled by <paramref name="scale"/>.</summary>
    public static Tensor Bias(string name, int outputs, double scale = 0.1) =>
        new(name, [outputs], [.. Enumerable.Range(1, outputs).Select(i => -i * scale)]);

    /// <summary>Writes the tensors to <paramref name="name"/> in <paramref name="folder"/>; returns its path.</summary>
    public static string Write(TempFolder folder, string name, params Tensor[] tensors) => Write(folder, name, null, tensors);

    /// <summary>As <see cref="Write(TempFolder, string, Tensor[])"/>, with a <c>__metadata__</c> object first when <paramref name="metadata"/> is not null.</summary>
    public static string Write(TempFolder folder, string name, JsonObject? metadata, params Tensor[] tensors)
    {
        var header = new JsonObject();
        if (metadata is not null)
        {
            header["__metadata__"] = metadata;
        }

        var data = new List<byte>();
        foreach (Tensor t in tensors)
        {
            int begin = data.Count;
            foreach (double v in t.Values)
            {
                data.AddRange(t.DType switch
                {
                    "F32" => BitConverter.GetBytes((float)v),
                    "F64" => BitConverter.GetBytes(v),
                    _ => new byte[t.ElementSize],
                });
            }

            header[t.Name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray([.. t.Shape.Select(d => JsonValue.Create(d))]),
                ["data_offsets"] = new JsonArray(begin, data.Count),
            };
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var bytes = new byte[8 + json.Length + data.Count];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return folder.Write(name, bytes);
    }
}
