"""The supervision loop: lights, the notice ledger, the monthly bulletin and the 督办函."""
