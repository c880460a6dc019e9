using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Testing;

/// <summary>
/// Parses diagnostic markup out of test source:
/// <c>[|x|]</c> the analyzer's default diagnostic, <c>{|SOCK003:x|}</c> or <c>{|CS0103:x|}</c> a diagnostic
/// with that ID, <c>{|#0:x|}</c> a numbered location for <see cref="DiagnosticResult.WithLocation(int)"/>.
/// Markup nests.
/// </summary>
internal sealed class TestMarkup
{
    private TestMarkup(string text, List<(string? Id, TextSpan Span)> diagnosticSpans, Dictionary<int, TextSpan> numberedSpans)
    {
        Text = text;
        DiagnosticSpans = diagnosticSpans;
        NumberedSpans = numberedSpans;
    }

    /// <summary>The source with all markup removed.</summary>
    public string Text { get; }

    /// <summary>Diagnostic spans; a null ID means the analyzer's default descriptor (<c>[|...|]</c>).</summary>
    public IReadOnlyList<(string? Id, TextSpan Span)> DiagnosticSpans { get; }

    public IReadOnlyDictionary<int, TextSpan> NumberedSpans { get; }

    public static TestMarkup Parse(string markup, string fileName)
    {
        StringBuilder text = new(markup.Length);
        List<(string? Id, TextSpan Span)> diagnosticSpans = new();
        Dictionary<int, TextSpan> numberedSpans = new();
        Stack<(string? Tag, int Start, char Closer, int MarkupPosition)> open = new();

        int i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((null, text.Length, ']', i));
                i += 2;
            }
            else if (At(markup, i, "{|") && TryReadTag(markup, i + 2, out string tag, out int afterColon))
            {
                open.Push((tag, text.Length, '}', i));
                i = afterColon;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                char closer = markup[i + 1];
                if (open.Count == 0 || open.Peek().Closer != closer)
                {
                    throw new FormatException($"{fileName}: markup '|{closer}' at {Describe(markup, i)} has no matching opening.");
                }

                var (tagName, start, _, _) = open.Pop();
                TextSpan span = TextSpan.FromBounds(start, text.Length);
                if (tagName is not null && tagName[0] == '#')
                {
                    int key = int.Parse(tagName.Substring(1), System.Globalization.CultureInfo.InvariantCulture);
                    if (numberedSpans.ContainsKey(key))
                    {
                        throw new FormatException($"{fileName}: markup location #{key} is used twice.");
                    }

                    numberedSpans.Add(key, span);
                }
                else
                {
                    diagnosticSpans.Add((tagName, span));
                }

                i += 2;
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            var unclosed = open.Peek();
            throw new FormatException($"{fileName}: markup opened at {Describe(markup, unclosed.MarkupPosition)} is not closed.");
        }

        return new TestMarkup(text.ToString(), diagnosticSpans, numberedSpans);
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    /// <summary>Reads <c>ID:</c> or <c>#N:</c> after <c>{|</c>; anything else is not markup.</summary>
    private static bool TryReadTag(string markup, int start, out string tag, out int afterColon)
    {
        tag = string.Empty;
        afterColon = 0;
        int colon = markup.IndexOf(':', start);
        if (colon <= start)
        {
            return false;
        }

        string candidate = markup.Substring(start, colon - start);
        bool numbered = candidate.Length > 1 && candidate[0] == '#' && IsAll(candidate, 1, char.IsDigit);
        bool identifier = char.IsLetter(candidate[0]) && IsAll(candidate, 0, c => char.IsLetterOrDigit(c) || c == '_');
        if (!numbered && !identifier)
        {
            return false;
        }

        tag = candidate;
        afterColon = colon + 1;
        return true;
    }

    private static bool IsAll(string text, int from, Func<char, bool> predicate)
    {
        for (int i = from; i < text.Length; i++)
        {
            if (!predicate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(string markup, int index)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (markup[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"line {line}, column {index - lineStart + 1}";
    }
}
