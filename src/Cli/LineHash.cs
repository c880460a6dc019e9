using System;
using System.Security.Cryptography;
using System.Text;

namespace SocketAnalyzers.Cli;

/// <summary>
/// Identifies a finding's source line by its content rather than its number, so a baseline or a triage row
/// still matches after lines are added above it or the line is re-indented.
/// </summary>
internal static class LineHash
{
    /// <summary>The first 16 hex digits of the SHA-256 of the line with its whitespace runs collapsed to one space and trimmed.</summary>
    public static string Of(string sourceLine)
    {
        string normalized = Normalize(sourceLine);
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return Convert.ToHexString(digest, 0, 8).ToLowerInvariant();
    }

    public static string Normalize(string sourceLine)
    {
        var normalized = new StringBuilder(sourceLine.Length);
        bool pendingSpace = false;
        foreach (char character in sourceLine)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = normalized.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                normalized.Append(' ');
                pendingSpace = false;
            }

            normalized.Append(character);
        }

        return normalized.ToString();
    }
}
