using System.Globalization;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Query;

/// <summary>Typed values of OData literals, and their Edm type names for error messages.</summary>
public static class FilterLiterals
{
    public static LiteralNode Parse(LiteralKind kind, string text)
    {
        switch (kind)
        {
            case LiteralKind.Guid:
                return new LiteralNode(kind, Guid.Parse(text), text);
            case LiteralKind.DateTimeOffset:
                return new LiteralNode(kind, DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), text);
            case LiteralKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? new LiteralNode(kind, date, text)
                    : throw DataverseErrors.QuerySyntax($"Unrecognized 'Edm.Date' literal '{text}'.");
        }

        var number = text.TrimEnd('m', 'M', 'd', 'D', 'f', 'F', 'l', 'L');
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new LiteralNode(LiteralKind.Integer, integer, text);
        }

        return decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new LiteralNode(LiteralKind.Decimal, value, text)
            : throw DataverseErrors.QuerySyntax($"Unrecognized numeric literal '{text}'.");
    }

    public static string EdmType(LiteralKind kind) => kind switch
    {
        LiteralKind.String => "Edm.String",
        LiteralKind.Integer => "Edm.Int32",
        LiteralKind.Decimal => "Edm.Decimal",
        LiteralKind.Boolean => "Edm.Boolean",
        LiteralKind.Guid => "Edm.Guid",
        LiteralKind.DateTimeOffset => "Edm.DateTimeOffset",
        LiteralKind.Date => "Edm.Date",
        _ => "<null>",
    };
}
