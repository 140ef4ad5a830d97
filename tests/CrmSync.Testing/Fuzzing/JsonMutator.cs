using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmSync.Testing.Fuzzing;

/// <summary>
/// Turns a valid notification into a nearby invalid one: values swapped for other types, extreme numbers, odd strings,
/// members dropped, or the bytes themselves cut, flipped or padded. Deterministic for a seed, so a failing input can be
/// made again from the seed CsCheck prints.
/// </summary>
public static class JsonMutator
{
    private static readonly string[] Strings = ["", "0", "-1", "9223372036854775808", "1e400", "null", "2099-13-45T25:61:61Z", "1769940000", "2026-02-01 10:00:00",
        "zen:event-type:user.deleted", "person", "organization", "delete", "change", "\u0000", "\uFFFF", "é😀", new string('x', 5000), "../../etc", "' OR 1=1 --"];

    public static byte[] Mutate(string valid, int seed)
    {
        var random = new Random(seed);
        if (random.Next(10) == 0)
        {
            return MutateBytes(Encoding.UTF8.GetBytes(valid), random);
        }

        var root = JsonNode.Parse(valid)!;
        for (var count = random.Next(1, 4); count > 0; count--)
        {
            root = MutateNode(root, random);
        }

        return Encoding.UTF8.GetBytes(root?.ToJsonString() ?? "null");
    }

    private static JsonNode? MutateNode(JsonNode? root, Random random)
    {
        var nodes = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, nodes);
        if (nodes.Count == 0 || random.Next(20) == 0)
        {
            return RandomValue(random);
        }

        var (parent, name, index) = nodes[random.Next(nodes.Count)];
        var remove = random.Next(4) == 0;
        if (parent is JsonObject obj && name is not null)
        {
            if (remove)
            {
                obj.Remove(name);
            }
            else
            {
                obj[name] = RandomValue(random);
            }
        }
        else if (parent is JsonArray array)
        {
            if (remove)
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = RandomValue(random);
            }
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int)> nodes)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    nodes.Add((obj, name, -1));
                    Collect(child, nodes);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    nodes.Add((array, null, i));
                    Collect(array[i], nodes);
                }

                break;
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        3 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-30, 300))),
        4 => new JsonObject { ["id"] = random.Next(-2, 5), ["value"] = Strings[random.Next(Strings.Length)] },
        5 => new JsonArray(JsonValue.Create(random.Next()), JsonValue.Create(Strings[random.Next(Strings.Length)])),
        6 => JsonNode.Parse(JsonSerializer.Serialize(((char)random.Next(0, 0xD7FF)).ToString())),
        _ => JsonValue.Create(Strings[random.Next(Strings.Length)]),
    };

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var mutated = bytes.ToList();
        switch (random.Next(3))
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                mutated[random.Next(mutated.Count)] = (byte)random.Next(256);
                return [.. mutated];
            default:
                mutated.InsertRange(random.Next(mutated.Count), Encoding.UTF8.GetBytes(Strings[random.Next(Strings.Length)]));
                return [.. mutated];
        }
    }
}
