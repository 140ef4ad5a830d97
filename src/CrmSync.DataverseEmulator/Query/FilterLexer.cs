using System.Text.RegularExpressions;
using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Query;

public enum TokenKind
{
    Identifier,
    Literal,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

public sealed record FilterToken(TokenKind Kind, string Text, int Position, LiteralNode? Literal = null);

/// <summary>Splits a <c>$filter</c> expression into tokens; OData literals are recognised here.</summary>
public static partial class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var position = 0;
        while (position < text.Length)
        {
            var current = text[position];
            if (char.IsWhiteSpace(current))
            {
                position++;
                continue;
            }

            var token = current switch
            {
                '(' => new FilterToken(TokenKind.OpenParen, "(", position),
                ')' => new FilterToken(TokenKind.CloseParen, ")", position),
                ',' => new FilterToken(TokenKind.Comma, ",", position),
                '\'' => ReadString(text, position),
                _ => ReadWord(text, position),
            };
            tokens.Add(token);
            position += token.Text.Length;
        }

        tokens.Add(new FilterToken(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static FilterToken ReadString(string text, int start)
    {
        var index = start + 1;
        var value = new System.Text.StringBuilder();
        while (index < text.Length)
        {
            if (text[index] == '\'')
            {
                if (index + 1 < text.Length && text[index + 1] == '\'')
                {
                    value.Append('\'');
                    index += 2;
                    continue;
                }

                var raw = text[start..(index + 1)];
                return new FilterToken(TokenKind.Literal, raw, start, new LiteralNode(LiteralKind.String, value.ToString(), raw));
            }

            value.Append(text[index++]);
        }

        throw DataverseErrors.QuerySyntax($"There is an unterminated string literal at position {start} in '{text}'.");
    }

    private static FilterToken ReadWord(string text, int start)
    {
        var rest = text.AsSpan(start);
        foreach (var (pattern, kind) in LiteralPatterns)
        {
            var match = pattern.Match(text, start);
            if (match.Success && match.Index == start)
            {
                return new FilterToken(TokenKind.Literal, match.Value, start, FilterLiterals.Parse(kind, match.Value));
            }
        }

        var identifier = Identifier().Match(text, start);
        if (identifier.Success && identifier.Index == start)
        {
            var word = identifier.Value;
            return word switch
            {
                "null" => new FilterToken(TokenKind.Literal, word, start, new LiteralNode(LiteralKind.Null, null, word)),
                "true" or "false" => new FilterToken(TokenKind.Literal, word, start, new LiteralNode(LiteralKind.Boolean, word == "true", word)),
                _ => new FilterToken(TokenKind.Identifier, word, start),
            };
        }

        throw DataverseErrors.QuerySyntax($"Syntax error: character '{rest[0]}' is not valid at position {start} in '{text}'.");
    }

    // Order matters: a GUID or date starts with digits, so they are tried before plain numbers.
    private static readonly (Regex Pattern, LiteralKind Kind)[] LiteralPatterns =
    [
        (GuidPattern(), LiteralKind.Guid),
        (DateTimePattern(), LiteralKind.DateTimeOffset),
        (DatePattern(), LiteralKind.Date),
        (NumberPattern(), LiteralKind.Decimal),
    ];

    [GeneratedRegex(@"\G[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-zA-Z_])")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}(?![0-9T])")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\G-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?(?![0-9a-zA-Z_])")]
    private static partial Regex NumberPattern();

    // Paths (sdkmessageid/name) and parameter aliases (@message) are words too; the handler decides what they mean.
    [GeneratedRegex(@"\G[A-Za-z_@][A-Za-z0-9_./]*")]
    private static partial Regex Identifier();
}
