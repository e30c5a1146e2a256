namespace NfvMano.Placement.Inventory;

/// <summary>
/// An inventory that contradicts itself (a CPU in two cells, a sibling group outside the cell, …).
/// The message names the host and cell.
/// </summary>
public sealed class InventoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InventoryException()
    {
    }

    /// <summary>Creates the exception with a message naming where and why.</summary>
    public InventoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InventoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
