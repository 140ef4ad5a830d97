using CrmSync.DataverseEmulator.Errors;

namespace CrmSync.DataverseEmulator.Query;

/// <summary>
/// Recursive-descent parser for the <c>$filter</c> subset Dataverse clients use: comparisons, and/or/not,
/// parentheses and the string functions contains, startswith and endswith.
/// </summary>
public sealed class FilterParser
{
    private static readonly HashSet<string> ComparisonOperators = ["eq", "ne", "gt", "ge", "lt", "le"];

    private readonly string text;
    private readonly List<FilterToken> tokens;
    private int position;

    private FilterParser(string text)
    {
        this.text = text;
        tokens = FilterLexer.Tokenize(text);
    }

    public static FilterNode Parse(string text)
    {
        var parser = new FilterParser(text);
        var node = parser.ParseOr();
        parser.Expect(TokenKind.End);
        return node;
    }

    private FilterToken Current => tokens[position];

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            position++;
            left = new LogicalNode("or", left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("and"))
        {
            position++;
            left = new LogicalNode("and", left, ParseNot());
        }

        return left;
    }

    private FilterNode ParseNot()
    {
        if (IsKeyword("not"))
        {
            position++;
            return new NotNode(ParseNot());
        }

        return ParseComparison();
    }

    private FilterNode ParseComparison()
    {
        var left = ParsePrimary();
        if (Current.Kind == TokenKind.Identifier && ComparisonOperators.Contains(Current.Text))
        {
            var op = Current.Text;
            position++;
            return new ComparisonNode(op, left, ParsePrimary());
        }

        return left;
    }

    private FilterNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.OpenParen:
                position++;
                var inner = ParseOr();
                Expect(TokenKind.CloseParen);
                return inner;
            case TokenKind.Literal:
                position++;
                return token.Literal!;
            case TokenKind.Identifier when tokens[position + 1].Kind == TokenKind.OpenParen:
                return ParseFunction();
            case TokenKind.Identifier:
                position++;
                return new PropertyNode(token.Text);
            default:
                throw SyntaxError(token);
        }
    }

    private FunctionNode ParseFunction()
    {
        var name = Current.Text;
        position += 2;
        var arguments = new List<FilterNode>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            arguments.Add(ParseOr());
            while (Current.Kind == TokenKind.Comma)
            {
                position++;
                arguments.Add(ParseOr());
            }
        }

        Expect(TokenKind.CloseParen);
        return new FunctionNode(name, arguments);
    }

    private bool IsKeyword(string keyword) => Current.Kind == TokenKind.Identifier && Current.Text == keyword;

    private void Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            throw SyntaxError(Current);
        }

        position++;
    }

    private DataverseException SyntaxError(FilterToken token) =>
        DataverseErrors.QuerySyntax($"Syntax error at position {token.Position} in '{text}'.");
}
