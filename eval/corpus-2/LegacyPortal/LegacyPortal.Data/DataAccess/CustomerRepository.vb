Imports System.Configuration
Imports System.Data
Imports System.Data.SqlClient

Public Class CustomerRepository

    Private ReadOnly _connectionString As String = ConfigurationManager.ConnectionStrings("PortalDb").ConnectionString

    Public Function GetCustomer(id As Integer) As DataRow
        Using conn As New SqlConnection(_connectionString)
            Using cmd As New SqlCommand("SELECT * FROM dbo.Customers WHERE Id = @id", conn)
                cmd.Parameters.AddWithValue("@id", id)
                Dim table As New DataTable()
                conn.Open()
                table.Load(cmd.ExecuteReader())
                Return If(table.Rows.Count > 0, table.Rows(0), Nothing)
            End Using
        End Using
    End Function

    Public Function GetLegacyOrders() As DataTable
        ' HACK: orders still live on the old box until the migration is done
        Using conn As New SqlConnection("Server=ORDERS01;Database=Orders;uid=orders_ro;pwd=0rders_r0!;")
            Dim da As New SqlDataAdapter("SELECT TOP 500 * FROM dbo.Orders ORDER BY OrderDate DESC", conn)
            Dim dt As New DataTable()
            da.Fill(dt)
            Return dt
        End Using
    End Function

    Public Function GetArchive(server As String, user As String) As DataTable
        Dim cs As String = String.Format("Server={0};Database=Archive;User Id={1};Password={2};", server, user, ConfigurationManager.AppSettings("ArchivePwd"))
        ' old: Dim cs As String = "Server=ARCH01;Database=Archive;User Id=arch;Password=Arch1ve2012;"
        Using conn As New SqlConnection(cs)
            Dim da As New SqlDataAdapter("SELECT * FROM dbo.ArchivedOrders", conn)
            Dim dt As New DataTable()
            da.Fill(dt)
            Return dt
        End Using
    End Function

End Class
