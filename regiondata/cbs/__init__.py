"""The CBS edge: what to download (sources), finding editions (catalog), the only cbsodata
import (client), raw tables and cleaning them into tidy frames."""
