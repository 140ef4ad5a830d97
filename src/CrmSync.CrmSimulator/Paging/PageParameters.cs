using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CrmSync.CrmSimulator.Paging;

/// <summary>A query parameter a client got wrong; answered 400 with this message.</summary>
public sealed class PageParameterException(string message) : Exception(message);

/// <summary>Reads the paging parameters of the query string and the simulator's opaque tokens.</summary>
public static class PageParameters
{
    public const int DefaultPageSize = 100;

    public static int Size(IQueryCollection query, string name) =>
        Integer(query, name, DefaultPageSize, minimum: 1, $"{name} must be a whole number of records of 1 or more.");

    public static int Offset(IQueryCollection query, string name) =>
        Integer(query, name, 0, minimum: 0, $"{name} must be a whole number of 0 or more.");

    public static int Integer(IQueryCollection query, string name, int absent, int minimum, string problem)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return absent;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new PageParameterException(problem);
    }

    public static DateTimeOffset? Since(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 && DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : throw new PageParameterException($"{name} must be an RFC 3339 time, e.g. 2026-11-23T10:00:00Z.");
    }

    public static bool Flag(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return false;
        }

        return values.Count == 1 && bool.TryParse(values[0], out var value)
            ? value
            : throw new PageParameterException($"{name} must be true or false.");
    }

    /// <summary>Opaque to clients, as real CRMs' cursors are: base64url of the numbers it carries.</summary>
    public static string Token(params int[] numbers) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join(':', numbers.Select(number => number.ToString(CultureInfo.InvariantCulture)))));

    public static int[] ReadToken(string? token, int parts, string problem)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token ?? ""));
            var numbers = text.Split(':').Select(part => int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            return numbers.Length == parts ? numbers : throw new PageParameterException(problem);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw new PageParameterException(problem);
        }
    }
}
