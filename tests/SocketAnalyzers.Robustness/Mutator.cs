using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.Robustness;

/// <summary>A mutant: the text and how it was made.</summary>
internal sealed record Mutant(string Source, string Mutation, string Text);

/// <summary>
/// Seeded mutations that turn valid programs into the broken, half-typed code an IDE analyzes on every keystroke:
/// truncate at a token, delete a token, delete 1–5 lines, duplicate a line, replace an identifier with another of
/// the same file. The same seed gives the same mutants on every machine.
/// </summary>
internal static class Mutator
{
    private static readonly string[] Kinds = { "truncate", "delete-token", "delete-lines", "duplicate-line", "replace-identifier" };

    public static IEnumerable<Mutant> Generate(IReadOnlyList<FuzzSource> sources, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var source = sources[random.Next(sources.Count)];
            var kind = Kinds[random.Next(Kinds.Length)];
            var (text, where) = Mutate(source.Text, kind, random);
            yield return new Mutant(source.Name, $"{kind} {where} (seed {seed}, #{i})", text);
        }
    }

    private static (string Text, string Where) Mutate(string text, string kind, Random random)
    {
        switch (kind)
        {
            case "truncate":
            {
                var token = RandomToken(text, random);
                return (text.Substring(0, token.SpanStart), $"at {token.SpanStart}");
            }

            case "delete-token":
            {
                var token = RandomToken(text, random);
                return (text.Remove(token.SpanStart, token.Span.Length), $"'{token.Text}' at {token.SpanStart}");
            }

            case "delete-lines":
            {
                var lines = text.Split('\n').ToList();
                var start = random.Next(lines.Count);
                var length = Math.Min(random.Next(1, 6), lines.Count - start);
                lines.RemoveRange(start, length);
                return (string.Join('\n', lines), $"lines {start + 1}-{start + length}");
            }

            case "duplicate-line":
            {
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.Insert(line, lines[line]);
                return (string.Join('\n', lines), $"line {line + 1}");
            }

            default:
            {
                var identifiers = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens()
                    .Where(token => token.IsKind(SyntaxKind.IdentifierToken))
                    .ToList();
                if (identifiers.Count < 2)
                {
                    return (text, "no identifiers");
                }

                var target = identifiers[random.Next(identifiers.Count)];
                var replacement = identifiers[random.Next(identifiers.Count)].Text;
                return (text.Remove(target.SpanStart, target.Span.Length).Insert(target.SpanStart, replacement), $"'{target.Text}'→'{replacement}' at {target.SpanStart}");
            }
        }
    }

    private static SyntaxToken RandomToken(string text, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToList();
        return tokens.Count == 0 ? default : tokens[random.Next(tokens.Count)];
    }
}
